package io.meshflow.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.publish.RunHandle;
import io.meshflow.orchestrator.stack.ChildJvm;
import io.meshflow.orchestrator.stack.DevStackFile;
import io.meshflow.orchestrator.stack.EmbeddedDatabase;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.workflows.publish.PublishResult;
import io.meshflow.workflows.publish.PublishWorkflow;
import io.meshflow.workflows.publish.RunStatus;
import io.meshflow.workflows.publish.Step;
import io.meshflow.workflows.publish.StepState;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A domain worker killed with SIGKILL in the middle of a step, and replaced: the step is retried on
 * the new worker within the heartbeat timeout (scaled down to 2 s here), and the run publishes
 * exactly the right rows. The worker is a separate JVM ({@code meshflow worker}); the test's own
 * JVM plays {@code meshflow dev} without domain workers.
 */
class WorkerKillTest {
  static final Duration HEARTBEAT = Duration.ofSeconds(2);
  static final int ROWS = 1000;

  @TempDir static Path home;
  @TempDir static Path mesh;
  static MeshStack stack;
  static Mesh loaded;
  static GovernancePolicies policies;
  static final List<Process> workers = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    SlowMesh.product(mesh, "transformed", ROWS, 4, 0);
    SlowMesh.product(mesh, "validated", ROWS, 0, 4);
    loaded = new MeshLoader().load(mesh);
    policies = new GovernanceLoader().load(Path.of("../governance"));
    MeshflowProperties properties =
        new MeshflowProperties(
            home, mesh, Path.of("../governance"), null, null, null, null, HEARTBEAT);
    int temporalPort = freePort();
    int postgresPort = EmbeddedDatabase.stablePort(home);
    stack = new StackLauncher(properties).dev(List.of(), temporalPort, postgresPort);
    new DevStackFile(ProcessHandle.current().pid(), temporalPort, postgresPort, 0).write(home);
  }

  @AfterAll
  static void stop() {
    workers.forEach(Process::destroyForcibly);
    DevStackFile.delete(home);
    if (stack != null) stack.close();
  }

  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Starts {@code meshflow worker --domain slow} in a JVM of its own; returns once it polls. */
  static Process worker() throws Exception {
    Process process =
        ChildJvm.meshflow(
            List.of("worker", "--domain", "slow"),
            java.util.Map.of("MESHFLOW_HOME", home.toString(), "MESHFLOW_MESH", mesh.toString()),
            "meshflow worker polling");
    workers.add(process);
    return process;
  }

  /** Waits until the run's {@code step} is running on a worker. */
  static void awaitRunning(RunHandle run, Step step) throws Exception {
    PublishWorkflow workflow =
        stack
            .client()
            .newWorkflowStub(PublishWorkflow.class, run.workflowId(), Optional.of(run.runId()));
    for (int i = 0; i < 600; i++) {
      var progress = workflow.progress();
      if (progress.currentStep() == step
          && progress.steps().get(step.ordinal()).state() == StepState.RUNNING) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(step + " never ran");
  }

  void killDuring(String product, Step step) throws Exception {
    Process first = worker();
    RunHandle run =
        new PublishService(stack, policies, loaded)
            .start(
                loaded.product(io.meshflow.contracts.model.ProductId.parse(product)).orElseThrow(),
                "test");
    awaitRunning(run, step);
    Thread.sleep(500);
    long killed = System.nanoTime();
    first.destroyForcibly().waitFor();
    worker();
    PublishResult result = run.result().get(3, TimeUnit.MINUTES);
    double recovery = (System.nanoTime() - killed) / 1e9;
    System.out.printf(
        "fault: worker SIGKILLed during %s of %s: run ended %.1f s later%n",
        step.label(), product, recovery);

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.rowsOut()).isEqualTo(ROWS);
    long published =
        stack
            .warehouse()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT count(DISTINCT id) FROM " + result.publishedTable())
                        .mapTo(Long.class)
                        .one());
    assertThat(published).isEqualTo(ROWS);
    assertThat(stack.catalog().runs().recent(10, product))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("SUCCEEDED"));
  }

  @Test
  void aWorkerKilledDuringTransformIsReplacedAndTheRunPublishesExactlyItsRows() throws Exception {
    killDuring("slow.transformed", Step.TRANSFORM);
  }

  @Test
  void aWorkerKilledDuringValidateIsReplacedAndTheRunPublishesExactlyItsRows() throws Exception {
    killDuring("slow.validated", Step.VALIDATE);
  }
}
