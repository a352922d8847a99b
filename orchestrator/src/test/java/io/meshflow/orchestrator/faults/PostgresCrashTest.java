package io.meshflow.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.publish.RunHandle;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.workflows.run.PublishResult;
import io.meshflow.workflows.run.RunStatus;
import io.meshflow.workflows.run.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL killed (SIGKILL) or told to shut down (SIGTERM) while a run goes on: the
 * stack starts it again on the same port; crash recovery empties the unlogged staging of the
 * source, the transform notices, and the run extracts again, publishing exactly its rows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresCrashTest {
  static final int ROWS = 1000;

  @TempDir static Path home;
  @TempDir static Path mesh;
  static MeshStack stack;
  static DataProductContract product;
  static Mesh loaded;
  static PublishService service;

  @BeforeAll
  static void start() throws Exception {
    SlowMesh.product(mesh, "ids", ROWS, 3, 0);
    SlowMesh.product(mesh, "checked", ROWS, 0, 3);
    loaded = new MeshLoader().load(mesh);
    product = loaded.product(ProductId.parse("slow.ids")).orElseThrow();
    GovernancePolicies policies = new GovernanceLoader().load(Path.of("../governance"));
    stack =
        new StackLauncher(
                new MeshflowProperties(
                    home,
                    mesh,
                    Path.of("../governance"),
                    null,
                    null,
                    null,
                    null,
                    Duration.ofSeconds(2)))
            .forCommand(new StackLauncher.Needs(true, List.of("slow")));
    service = stack.services().publishing(loaded, policies);
  }

  @AfterAll
  static void stop() {
    if (stack != null) stack.close();
  }

  static ProcessHandle postmaster() throws Exception {
    long pid =
        Long.parseLong(Files.readAllLines(home.resolve("postgres/postmaster.pid")).get(0).strip());
    return ProcessHandle.of(pid).orElseThrow();
  }

  static long published() {
    return stack
        .warehouse()
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT count(DISTINCT id) FROM slow.ids").mapTo(Long.class).one());
  }

  static PublishResult crashDuringTransform(
      String what, java.util.function.Consumer<ProcessHandle> crash) throws Exception {
    RunHandle run = service.start(product, "test");
    Runs.awaitRunning(stack, run, Step.TRANSFORM);
    Thread.sleep(1000);
    ProcessHandle server = postmaster();
    long crashed = System.nanoTime();
    crash.accept(server);
    PublishResult result = run.result().get(3, TimeUnit.MINUTES);
    System.out.printf(
        "fault: PostgreSQL %s during transform: run ended %.1f s later, %s, %d rows%n",
        what, (System.nanoTime() - crashed) / 1e9, result.status(), result.rowsOut());
    return result;
  }

  @Test
  @Order(1)
  void aPostgresKilledMidTransformIsStartedAgainAndTheRunPublishesExactlyItsRows()
      throws Exception {
    assertThat(service.start(product, "test").result().get(2, TimeUnit.MINUTES).rowsOut())
        .isEqualTo(ROWS);
    String url = stack.jdbcUrl();

    PublishResult result = crashDuringTransform("killed (SIGKILL)", ProcessHandle::destroyForcibly);

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.rowsIn()).isEqualTo(ROWS);
    assertThat(result.rowsOut()).isEqualTo(ROWS);
    assertThat(published()).isEqualTo(ROWS);
    assertThat(postmaster().isAlive()).isTrue();
    assertThat(stack.jdbcUrl()).isEqualTo(url);
    assertThat(stack.catalog().runs().recent(10, "slow.ids"))
        .extracting(r -> r.status() + " " + r.rowsOut())
        .containsExactly("SUCCEEDED " + ROWS, "SUCCEEDED " + ROWS);
  }

  @Test
  @Order(2)
  void aPostgresToldToShutDownIsStartedAgainAndTheRunPublishesExactlyItsRows() throws Exception {
    PublishResult result =
        crashDuringTransform("told to shut down (SIGTERM)", ProcessHandle::destroy);
    // a smart shutdown lets the sessions it has finish: the run does, on pooled connections
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.rowsOut()).isEqualTo(ROWS);
    assertThat(published()).isEqualTo(ROWS);

    // ...and refuses every new one until it is stopped fast and started again
    long asked = System.nanoTime();
    String url = stack.jdbcUrl();
    boolean accepts = false;
    for (int i = 0; i < 600 && !accepts; i++) {
      try (var c = java.sql.DriverManager.getConnection(url, "postgres", null)) {
        accepts = true;
      } catch (java.sql.SQLException refused) {
        Thread.sleep(100);
      }
    }
    assertThat(accepts).as("the server takes new connections again").isTrue();
    System.out.printf(
        "fault: PostgreSQL stuck shutting down: new connections taken again %.1f s later%n",
        (System.nanoTime() - asked) / 1e9);
    PublishResult after = service.start(product, "test").result().get(2, TimeUnit.MINUTES);
    assertThat(after.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(published()).isEqualTo(ROWS);
  }

  @Test
  @Order(3)
  void aPostgresKilledMidPublishIsStartedAgainAndTheRunPublishesExactlyItsRows() throws Exception {
    // the publish step waits for this lock; the crash ends the holder's session too
    var holder = stack.warehouse().jdbi().open();
    holder.begin();
    holder.execute("LOCK TABLE slow.ids IN ACCESS SHARE MODE");
    RunHandle run = service.start(product, "test");
    Runs.awaitRunning(stack, run, Step.PUBLISH);
    Thread.sleep(500);
    long crashed = System.nanoTime();
    postmaster().destroyForcibly();
    try {
      holder.close();
    } catch (RuntimeException sessionGone) {
      // the crash ended it
    }
    PublishResult result = run.result().get(3, TimeUnit.MINUTES);
    System.out.printf(
        "fault: PostgreSQL killed (SIGKILL) during publish: run ended %.1f s later, %s, %d rows%n",
        (System.nanoTime() - crashed) / 1e9, result.status(), result.rowsOut());
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.rowsOut()).isEqualTo(ROWS);
    assertThat(published()).isEqualTo(ROWS);
  }

  @Test
  @Order(4)
  void aPostgresKilledMidValidateIsStartedAgainAndTheRunPublishesExactlyItsRows() throws Exception {
    DataProductContract checked = loaded.product(ProductId.parse("slow.checked")).orElseThrow();
    RunHandle run = service.start(checked, "test");
    Runs.awaitRunning(stack, run, Step.VALIDATE);
    Thread.sleep(1000);
    long crashed = System.nanoTime();
    postmaster().destroyForcibly();
    PublishResult result = run.result().get(3, TimeUnit.MINUTES);
    System.out.printf(
        "fault: PostgreSQL killed (SIGKILL) during validate: run ended %.1f s later, %s, %d rows%n",
        (System.nanoTime() - crashed) / 1e9, result.status(), result.rowsOut());
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.rowsOut()).isEqualTo(ROWS);
    long rows =
        stack
            .warehouse()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT count(DISTINCT id) FROM slow.checked")
                        .mapTo(Long.class)
                        .one());
    assertThat(rows).isEqualTo(ROWS);
  }
}
