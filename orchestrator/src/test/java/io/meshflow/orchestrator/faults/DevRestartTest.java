package io.meshflow.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.ChildJvm;
import io.meshflow.orchestrator.stack.DevStackFile;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.orchestrator.stack.StackMode;
import io.meshflow.workflows.run.PublishResult;
import io.meshflow.workflows.run.RunStatus;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meshflow dev} killed with SIGKILL leaves its PostgreSQL running; the next {@code dev}
 * stops that server, comes up on the same PostgreSQL port, and serves clients again.
 */
class DevRestartTest {
  @TempDir Path home;
  Process dev;

  @AfterEach
  void stop() {
    if (dev != null) dev.destroy();
  }

  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  Process dev(int temporalPort, int httpPort) throws Exception {
    return ChildJvm.meshflow(
        List.of("dev", "--temporal-port", Integer.toString(temporalPort)),
        Map.of(
            "MESHFLOW_HOME", home.toString(),
            "MESHFLOW_MESH", Path.of("../domains").toAbsolutePath().toString(),
            "MESHFLOW_GOVERNANCE", Path.of("../governance").toAbsolutePath().toString(),
            "MESHFLOW_HTTP_PORT", Integer.toString(httpPort)),
        "meshflow dev is running");
  }

  @Test
  void aDevKilledWithSigkillComesBackOnTheSamePortAndServesClients() throws Exception {
    int temporalPort = freePort();
    dev = dev(temporalPort, freePort());
    int postgresPort = Integer.parseInt(Files.readString(home.resolve("postgres.port")).strip());
    long postmaster =
        Long.parseLong(Files.readAllLines(home.resolve("postgres/postmaster.pid")).get(0).strip());

    dev.destroyForcibly().waitFor();
    // the server outlives the process that started it
    assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).hasValue(true);
    assertThat(DevStackFile.running(home)).isEmpty();

    dev = dev(temporalPort, freePort());
    assertThat(Files.readString(home.resolve("postgres.port")).strip())
        .isEqualTo(Integer.toString(postgresPort));
    assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(DevStackFile.running(home).orElseThrow().postgresPort()).isEqualTo(postgresPort);

    MeshflowProperties properties =
        new MeshflowProperties(
            home, Path.of("../domains"), Path.of("../governance"), null, null, null);
    Mesh mesh = new MeshLoader().load(Path.of("../domains"));
    try (MeshStack client =
        new StackLauncher(properties).forCommand(StackLauncher.Needs.toRun(mesh))) {
      assertThat(client.mode()).isEqualTo(StackMode.CLIENT);
      PublishResult result =
          client
              .services()
              .publishing(mesh, new GovernanceLoader().load(Path.of("../governance")))
              .start(mesh.product(ProductId.parse("orders.order_events")).orElseThrow(), "test")
              .result()
              .get(2, TimeUnit.MINUTES);
      assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(result.rowsOut()).isEqualTo(1200);
    }
  }
}
