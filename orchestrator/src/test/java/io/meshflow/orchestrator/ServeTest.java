package io.meshflow.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.cli.ServeCommand;
import io.meshflow.orchestrator.cli.ServeCommandAccess;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.stack.EmbeddedDatabase;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.orchestrator.stack.StackMode;
import io.meshflow.orchestrator.stack.TemporalConnection;
import io.meshflow.workflows.run.PublishResult;
import io.meshflow.workflows.run.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meshflow serve} against a deployment — a Temporal frontend and a PostgreSQL server of
 * their own, reached by address only — with a client process publishing through it.
 */
class ServeTest {
  @TempDir Path dir;

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void servesTheDeploymentsPlatformAndDomainWorkersForClients() throws Exception {
    int temporalPort = freePort();
    try (EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("pg"), freePort());
        TemporalConnection frontend = TemporalConnection.portBound(temporalPort)) {
      MeshflowProperties properties =
          new MeshflowProperties(
              dir.resolve("home"),
              Path.of("../examples/partitioned"),
              Path.of("../governance"),
              null,
              new MeshflowProperties.Temporal("localhost:" + temporalPort, "default"),
              new MeshflowProperties.Database(database.jdbcUrl(), "postgres", null));
      Mesh mesh = new MeshLoader().load(properties.mesh());
      GovernancePolicies policies = new GovernanceLoader().load(properties.governance());
      StringWriter printed = new StringWriter();
      ServeCommand.Serving serving =
          ServeCommandAccess.start(
              properties, List.of("orders"), mesh, policies, new PrintWriter(printed));
      try (MeshStack served = serving.stack();
          MeshStack client =
              new StackLauncher(properties).forCommand(new StackLauncher.Needs(true, List.of()))) {
        assertThat(served.mode()).isEqualTo(StackMode.WORKER);
        assertThat(client.mode()).isEqualTo(StackMode.CLIENT);
        assertThat(serving.publishing().mesh()).isSameAs(mesh);
        assertThat(printed.toString())
            .contains("  Temporal    localhost:" + temporalPort + " (namespace default)")
            .contains("  workers     meshflow.domain.orders, meshflow.platform");

        PublishService publish = client.services().publishing(mesh, policies);
        PublishResult day =
            publish
                .start(
                    mesh.product(ProductId.parse("orders.daily_order_events")).orElseThrow(),
                    "test",
                    "2026-03-14")
                .result()
                .get();
        assertThat(day.rowsOut()).isEqualTo(97);
        // the served platform worker found the follower and the served domain worker ran it
        var follower = day.triggered().get(0);
        PublishResult totals =
            client
                .client()
                .newUntypedWorkflowStub(
                    follower.workflowId(), Optional.of(follower.runId()), Optional.empty())
                .getResult(PublishResult.class);
        assertThat(totals.product()).isEqualTo("orders.daily_order_totals");
        assertThat(totals.rowsOut()).isEqualTo(5);
        assertThat(client.catalog().runs().recent(10, "orders.daily_order_totals"))
            .singleElement()
            .satisfies(
                r -> {
                  assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
                  assertThat(r.parentRunId()).isEqualTo(day.runId());
                });
      }
    }
  }
}
