package io.meshflow.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.platform.StagingCollector;
import io.meshflow.orchestrator.publish.RunHandle;
import io.meshflow.orchestrator.stack.ChildJvm;
import io.meshflow.orchestrator.stack.EmbeddedDatabase;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.workflows.publish.PublishProgress;
import io.meshflow.workflows.publish.PublishWorkflow;
import io.meshflow.workflows.run.PublishResult;
import io.meshflow.workflows.run.RunStatus;
import io.meshflow.workflows.run.Step;
import io.meshflow.workflows.run.StepState;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment's parts down for a while, as separate processes: Temporal (its own JVM), the
 * platform worker ({@code meshflow worker --platform}, its own JVM), the domain worker (this JVM)
 * and PostgreSQL.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageTest {
  static final int ROWS = 500;

  @TempDir static Path dir;
  static Process temporal;
  static Process platform;
  static EmbeddedDatabase database;
  static int databasePort;
  static MeshStack stack;
  static Mesh mesh;
  static GovernancePolicies policies;
  static Map<String, String> env;

  @BeforeAll
  static void start() throws Exception {
    Path root = dir.resolve("mesh");
    SlowMesh.product(root, "ids", ROWS, 3, 0);
    mesh = new MeshLoader().load(root);
    policies = new GovernanceLoader().load(Path.of("../governance"));
    int temporalPort = freePort();
    temporal =
        ChildJvm.start(
            "io.meshflow.orchestrator.stack.TemporalServerMain",
            List.of(Integer.toString(temporalPort)),
            Map.of(),
            "temporal test server listening");
    databasePort = freePort();
    database = EmbeddedDatabase.start(dir.resolve("pg"), databasePort);
    MeshflowProperties properties =
        new MeshflowProperties(
            dir.resolve("home"),
            root,
            Path.of("../governance"),
            null,
            new MeshflowProperties.Temporal("localhost:" + temporalPort, "default"),
            new MeshflowProperties.Database(database.jdbcUrl(), "postgres", null),
            null,
            Duration.ofSeconds(2));
    env =
        Map.of(
            "MESHFLOW_HOME", dir.resolve("platform-home").toString(),
            "MESHFLOW_MESH", root.toString(),
            "MESHFLOW_GOVERNANCE", Path.of("../governance").toAbsolutePath().toString(),
            "MESHFLOW_TEMPORAL_TARGET", "localhost:" + temporalPort,
            "MESHFLOW_DATABASE_URL", database.jdbcUrl(),
            "MESHFLOW_DATABASE_USERNAME", "postgres");
    platform = platform();
    stack = new StackLauncher(properties).worker(List.of("slow"), false);
  }

  @AfterAll
  static void stop() {
    if (stack != null) stack.close();
    if (platform != null) platform.destroyForcibly();
    if (database != null) database.close();
    if (temporal != null) temporal.destroyForcibly();
  }

  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static Process platform() throws Exception {
    return ChildJvm.meshflow(
        List.of("worker", "--platform"), env, "meshflow worker polling meshflow.platform");
  }

  static PublishProgress await(RunHandle run, Predicate<PublishProgress> reached) throws Exception {
    PublishWorkflow workflow =
        stack
            .client()
            .newWorkflowStub(PublishWorkflow.class, run.workflowId(), Optional.of(run.runId()));
    for (int i = 0; i < 3000; i++) {
      PublishProgress progress = workflow.progress();
      if (reached.test(progress)) return progress;
      Thread.sleep(50);
    }
    throw new AssertionError("the run never reached the state");
  }

  static StepState state(PublishProgress p, Step step) {
    return p.steps().get(step.ordinal()).state();
  }

  static long count(String sql) {
    return stack.warehouse().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  DataProductContract product() {
    return mesh.product(ProductId.parse("slow.ids")).orElseThrow();
  }

  @Test
  @Order(1)
  void withThePlatformDownTheDataStepsFinishAndTheCatalogUpdateWaitsForIt() throws Exception {
    RunHandle run = stack.services().publishing(mesh, policies).start(product(), "test");
    await(run, p -> state(p, Step.TRANSFORM) == StepState.RUNNING);
    platform.destroyForcibly().waitFor();
    long down = System.nanoTime();

    PublishProgress waiting = await(run, p -> state(p, Step.PUBLISH) == StepState.SUCCEEDED);
    assertThat(state(waiting, Step.CATALOG_UPDATE)).isEqualTo(StepState.RUNNING);
    assertThat(run.result().isDone()).isFalse();
    assertThat(count("SELECT count(*) FROM slow.ids")).isEqualTo(ROWS);
    assertThat(count("SELECT count(*) FROM meshflow.runs WHERE status = 'SUCCEEDED'")).isZero();

    platform = platform();
    PublishResult result = run.result().get(2, TimeUnit.MINUTES);
    System.out.printf(
        "fault: platform worker down from mid-transform until after publish: run recorded %.1f s"
            + " after the platform went down%n",
        (System.nanoTime() - down) / 1e9);
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(count("SELECT count(*) FROM meshflow.runs WHERE run_id = '" + run.runId() + "'"))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM meshflow.runs WHERE status = 'SUCCEEDED' AND rows_out = "
                    + ROWS))
        .isEqualTo(1);
    assertThat(
            count("SELECT count(*) FROM meshflow.run_steps WHERE run_id = '" + run.runId() + "'"))
        .isEqualTo(5);
  }

  @Test
  @Order(2)
  void aDatabaseDownLongerThanTheRetriesEndsTheRunFailedInTheCatalogOnceItIsBack()
      throws Exception {
    String before = "SELECT count(*) FROM slow.ids";
    RunHandle run = stack.services().publishing(mesh, policies).start(product(), "test");
    await(run, p -> state(p, Step.TRANSFORM) == StepState.RUNNING);
    database.close();
    long down = System.nanoTime();
    PublishProgress failed = await(run, p -> state(p, Step.TRANSFORM) == StepState.FAILED);
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    // the catalog is down too: the run waits to record its outcome
    assertThat(run.result().isDone()).isFalse();

    database = EmbeddedDatabase.start(dir.resolve("pg"), databasePort);
    ExecutionException ended =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ExecutionException.class, () -> run.result().get(3, TimeUnit.MINUTES));
    assertThat(ended).isNotNull();
    System.out.printf(
        "fault: PostgreSQL down past the transform's retries: run recorded FAILED %.1f s after"
            + " it went down%n",
        (System.nanoTime() - down) / 1e9);
    String error =
        stack
            .warehouse()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT status || ': ' || error FROM meshflow.runs WHERE run_id = :r")
                        .bind("r", run.runId())
                        .mapTo(String.class)
                        .one());
    assertThat(error).startsWith("FAILED: running the model of slow.ids: ");
    assertThat(count(before)).isEqualTo(ROWS);
    new StagingCollector(stack.warehouse(), stack.catalog().runs()).collect();
    assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname LIKE 'meshflow\\_staging%'"))
        .isZero();
  }
}
