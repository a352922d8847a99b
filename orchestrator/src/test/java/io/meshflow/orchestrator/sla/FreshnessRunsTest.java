package io.meshflow.orchestrator.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.workflows.publish.PublishWorkflow;
import io.meshflow.workflows.sla.SlaMonitorRequest;
import io.meshflow.workflows.sla.SlaMonitorWorkflow;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A product with {@code schedule: { on: freshness }} on a real embedded stack: after its first
 * publish, its SLA monitor starts its runs (trigger {@code freshness}) ahead of each deadline, and
 * each of their publishes re-arms the monitor.
 */
class FreshnessRunsTest {
  static final Path MESH = Path.of("src/test/resources/freshness-mesh/domains");

  @TempDir Path home;

  @Test
  void theMonitorRunsTheProductBeforeItGoesStale() throws Exception {
    MeshflowProperties properties =
        new MeshflowProperties(home, MESH, home.resolve("no-governance"), null, null, null);
    Mesh mesh = new MeshLoader().load(MESH);
    try (MeshStack stack =
        new StackLauncher(properties).forCommand(StackLauncher.Needs.toRun(mesh))) {
      PublishService publishing =
          stack.services().publishing(mesh, new GovernanceLoader().load(properties.governance()));
      var contract = mesh.product(ProductId.parse("shop.stock")).orElseThrow();
      var first = publishing.start(contract, "manual");
      stack
          .client()
          .newWorkflowStub(PublishWorkflow.class, first.workflowId(), Optional.of(first.runId()))
          .publish(null); // joins the run: its result
      assertThat(stack.services().slaMonitors().reconcile(mesh))
          .containsExactly(new SlaMonitors.Action("shop.stock", "started"));
      SlaMonitorWorkflow monitor =
          stack
              .client()
              .newWorkflowStub(
                  SlaMonitorWorkflow.class, SlaMonitorRequest.workflowId("shop.stock"));
      long firstData = monitor.state().dataTimeMillis();
      assertThat(monitor.state().runsOnFreshness()).isTrue();
      assertThat(monitor.state().recentRunMillis()).hasSize(1);

      // 20s target: the monitor's own run starts some seconds before the first data is 20s old
      List<String> runs = List.of();
      for (int i = 0; i < 600 && runs.isEmpty(); i++) {
        Thread.sleep(100);
        runs =
            stack.catalog().runs().recent(20, "shop.stock").stream()
                .filter(r -> r.trigger().equals("freshness") && r.finishedAt() != null)
                .map(r -> r.status() + " " + r.trigger() + " " + r.rowsOut())
                .toList();
      }
      assertThat(runs).first().isEqualTo("SUCCEEDED freshness 3");
      // its publish told the monitor: the data is newer, and no freshness breach was recorded
      for (int i = 0; i < 100 && monitor.state().dataTimeMillis() == firstData; i++) {
        Thread.sleep(100);
      }
      assertThat(monitor.state().dataTimeMillis()).isGreaterThan(firstData);
      assertThat(monitor.state().runStartedMillis()).isBetween(firstData, firstData + 20_000);
      assertThat(stack.catalog().sla().open("shop.stock")).isEmpty();
    }
  }
}
