package io.meshflow.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.publish.RunHandle;
import io.meshflow.orchestrator.stack.ChildJvm;
import io.meshflow.orchestrator.stack.DevStackFile;
import io.meshflow.orchestrator.stack.EmbeddedDatabase;
import io.meshflow.orchestrator.stack.EmbeddedKafka;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.workflows.run.PublishResult;
import io.meshflow.workflows.run.RunStatus;
import io.meshflow.workflows.run.Step;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Handle;
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
  static EmbeddedKafka kafka;

  @BeforeAll
  static void start() throws Exception {
    SlowMesh.product(mesh, "transformed", ROWS, 4, 0);
    SlowMesh.product(mesh, "validated", ROWS, 0, 4);
    SlowMesh.product(mesh, "published", ROWS, 0, 0);
    SlowMesh.product(mesh, "extracted", ROWS, 0, 0);
    kafka = EmbeddedKafka.start(home.resolve("kafka"), 0);
    SlowMesh.kafkaProduct(mesh, "streamed", "slow.events", kafka.bootstrapServers(), ROWS);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic("slow.events", 2, (short) 1))).all().get();
    }
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int i = 1; i <= ROWS; i++) {
        producer.send(new ProducerRecord<>("slow.events", "{\"id\": " + i + "}"));
      }
      producer.flush();
    }
    loaded = new MeshLoader().load(mesh);
    policies = new GovernanceLoader().load(Path.of("../governance"));
    MeshflowProperties properties =
        new MeshflowProperties(
            home, mesh, Path.of("../governance"), null, null, null, null, HEARTBEAT);
    int temporalPort = freePort();
    int postgresPort = EmbeddedDatabase.stablePort(home);
    stack =
        new StackLauncher(properties)
            .dev(new StackLauncher.Needs(true, List.of()), temporalPort, postgresPort);
    new DevStackFile(ProcessHandle.current().pid(), temporalPort, postgresPort, 0).write(home);
  }

  @AfterAll
  static void stop() {
    workers.forEach(Process::destroyForcibly);
    DevStackFile.delete(home);
    if (stack != null) stack.close();
    if (kafka != null) kafka.close();
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

  /**
   * Kills the worker while {@code step} of {@code product}'s run is running, starts another one,
   * and checks what a watching CLI is told meanwhile.
   *
   * @param hold what the test holds that the step waits for, until the step is being retried:
   *     extract and publish take no time otherwise
   */
  void killDuring(String product, Step step, Hold hold) throws Exception {
    Process first = worker();
    PublishService service = stack.services().publishing(loaded, policies);
    DataProductContract contract =
        loaded.product(io.meshflow.contracts.model.ProductId.parse(product)).orElseThrow();
    try (Handle holder = stack.warehouse().jdbi().open()) {
      if (hold == Hold.PUBLISHED_TABLE) {
        service.start(contract, "test").result().get(2, TimeUnit.MINUTES);
        holder.begin();
        holder.execute("LOCK TABLE " + contract.id().qualifiedTable() + " IN ACCESS SHARE MODE");
      } else if (hold == Hold.STAGING_TABLE) {
        // the extract, once it has created its staging table, waits inside its transaction for a
        // lock the test holds
        holder
            .createScript(
                """
                CREATE OR REPLACE FUNCTION public.hold_extract() RETURNS event_trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                  IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands()
                             WHERE object_identity LIKE 'meshflow\\_staging\\_slow.s\\_%\\_src') THEN
                    PERFORM pg_advisory_xact_lock_shared(4242);
                  END IF;
                END $$;
                DROP EVENT TRIGGER IF EXISTS hold_extract;
                CREATE EVENT TRIGGER hold_extract ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
                  EXECUTE FUNCTION public.hold_extract();
                """)
            .execute();
        holder.begin();
        holder.createQuery("SELECT pg_advisory_xact_lock(4242)").mapTo(String.class).one();
      }
      RunHandle run = service.start(contract, "test");
      Runs.awaitRunning(stack, run, step);
      Thread.sleep(500);
      long killed = System.nanoTime();
      first.destroyForcibly().waitFor();
      // the replacement starts (seconds of JVM start) while the dead one's step times out
      java.util.concurrent.CompletableFuture<Process> second =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return worker();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      // what a watching CLI shows: the step is tried again, and why
      List<PublishService.Retry> retries = List.of();
      for (int i = 0; i < 300 && retries.isEmpty(); i++) {
        retries = service.retries(run);
        Thread.sleep(50);
      }
      assertThat(retries)
          .containsExactly(
              new PublishService.Retry(
                  activityName(step), 2, "its worker stopped answering (no heartbeat)"));
      if (hold != Hold.NOTHING) holder.commit();
      if (hold == Hold.STAGING_TABLE) holder.execute("DROP EVENT TRIGGER hold_extract");
      second.get(2, TimeUnit.MINUTES);
      check(product, run, killed, hold == Hold.PUBLISHED_TABLE ? 2 : 1);
    }
  }

  enum Hold {
    NOTHING,
    STAGING_TABLE,
    PUBLISHED_TABLE
  }

  static String activityName(Step step) {
    String label = step.label();
    return Character.toUpperCase(label.charAt(0)) + label.substring(1);
  }

  void check(String product, RunHandle run, long killed, int runs) throws Exception {
    PublishResult result = run.result().get(3, TimeUnit.MINUTES);
    double recovery = (System.nanoTime() - killed) / 1e9;
    System.out.printf(
        "fault: worker SIGKILLed during %s: run ended %.1f s later%n", product, recovery);

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
        .hasSize(runs)
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
  }

  @Test
  void aWorkerKilledDuringTransformIsReplacedAndTheRunPublishesExactlyItsRows() throws Exception {
    killDuring("slow.transformed", Step.TRANSFORM, Hold.NOTHING);
  }

  @Test
  void aWorkerKilledDuringValidateIsReplacedAndTheRunPublishesExactlyItsRows() throws Exception {
    killDuring("slow.validated", Step.VALIDATE, Hold.NOTHING);
  }

  @Test
  void aWorkerKilledDuringExtractIsReplacedAndTheRunPublishesExactlyItsRows() throws Exception {
    killDuring("slow.extracted", Step.EXTRACT, Hold.STAGING_TABLE);
  }

  @Test
  void aWorkerKilledWhileItReadsATopicIsReplacedAndEachEventIsPublishedOnce() throws Exception {
    killDuring("slow.streamed", Step.EXTRACT, Hold.STAGING_TABLE);
    // the replacement read the same range again; the publish committed its end with the data
    List<String> positions =
        stack
            .warehouse()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT part || ':' || next_offset FROM"
                                + " meshflow_staging_slow.source_positions WHERE product ="
                                + " 'slow.streamed' ORDER BY part")
                        .mapTo(String.class)
                        .list());
    long total = positions.stream().mapToLong(s -> Long.parseLong(s.split(":")[1])).sum();
    assertThat(total).isEqualTo(ROWS);
    PublishResult again =
        stack
            .services()
            .publishing(loaded, policies)
            .start(
                loaded
                    .product(io.meshflow.contracts.model.ProductId.parse("slow.streamed"))
                    .orElseThrow(),
                "test")
            .result()
            .get(2, TimeUnit.MINUTES);
    assertThat(again.published()).isFalse();
    assertThat(again.note()).startsWith("nothing new on topic slow.events since the last publish");
  }

  @Test
  void aWorkerKilledDuringPublishIsReplacedAndTheRunPublishesExactlyItsRows() throws Exception {
    killDuring("slow.published", Step.PUBLISH, Hold.PUBLISHED_TABLE);
  }
}
