package io.meshflow.orchestrator.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.orchestrator.catalog.Catalog;
import io.meshflow.orchestrator.catalog.SlaDao;
import io.meshflow.orchestrator.platform.SlaActivitiesImpl;
import io.meshflow.orchestrator.stack.EmbeddedDatabase;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.sla.Published;
import io.meshflow.workflows.sla.SlaMonitorRequest;
import io.meshflow.workflows.sla.SlaMonitorWorkflow;
import io.meshflow.workflows.sla.SlaMonitorWorkflowImpl;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Thirty simulated days of a product's life on Temporal's test server with time skipping, its
 * monitor recording breaches in a real catalog: the report's figures are exact.
 */
class SlaMonitorTest {
  static final Duration DAY = Duration.ofDays(1);
  static final Duration HOUR = Duration.ofHours(1);

  @TempDir Path dir;
  EmbeddedDatabase database;
  Jdbi admin;
  Catalog catalog;
  TestWorkflowEnvironment env;
  Instant t0;

  @BeforeEach
  void start() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    database = EmbeddedDatabase.start(dir.resolve("pg"), port);
    PGSimpleDataSource superuser = new PGSimpleDataSource();
    superuser.setUrl(database.jdbcUrl());
    superuser.setUser("postgres");
    catalog = Catalog.open(superuser);
    admin = Jdbi.create(superuser);
    admin.useHandle(
        h -> {
          h.execute("CREATE SCHEMA crm");
          h.execute("CREATE TABLE crm.customers (customer_id text)");
          h.execute("CREATE VIEW crm.customers__secured AS SELECT * FROM crm.customers");
        });
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.PLATFORM);
    worker.registerWorkflowImplementationTypes(
        SlaMonitorWorkflowImpl.class, io.meshflow.workflows.sla.AlertWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new SlaActivitiesImpl(catalog.sla(), new Warehouse(superuser), System::getenv));
    env.start();
    // whole seconds, so that the figures below are round
    t0 = Instant.ofEpochSecond(env.currentTimeMillis() / 1000 + 1);
  }

  @AfterEach
  void stop() {
    env.close();
    database.close();
  }

  void until(Duration offset) {
    long left = t0.plus(offset).toEpochMilli() - env.currentTimeMillis();
    if (left > 0) env.sleep(Duration.ofMillis(left));
  }

  void publish(SlaMonitorWorkflow monitor, String run, Duration at) {
    until(at);
    long when = t0.plus(at).toEpochMilli();
    monitor.published(new Published(run, when, when));
  }

  static Duration days(double d) {
    return Duration.ofMillis(Math.round(d * DAY.toMillis()));
  }

  @Test
  void thirtyDaysGiveExactBreachesAndCompliance() {
    until(Duration.ZERO);
    var mesh = new MeshLoader().load(Path.of("src/test/resources/access-mesh"));
    // crm.customers: freshness 1d, availability 99%, read through its secured view; probed hourly
    List<SlaMonitors.Action> actions =
        new SlaMonitors(
                env.getWorkflowClient(), catalog.sla(), HOUR, Clock.fixed(t0, ZoneOffset.UTC))
            .reconcile(mesh);
    assertThat(actions)
        .containsExactly(
            new SlaMonitors.Action("crm.customers", "started"),
            new SlaMonitors.Action("crm.visits", "started"));
    SlaMonitorWorkflow monitor =
        env.getWorkflowClient()
            .newWorkflowStub(
                SlaMonitorWorkflow.class, SlaMonitorRequest.workflowId("crm.customers"));

    publish(monitor, "r1", days(0.5));
    publish(monitor, "r2", days(3)); // stale 1.5d → 3d
    // unreadable from 5d 00:30 to 5d 10:30: hourly probes see it from 5d 01:00 to 5d 11:00
    until(days(5).plus(Duration.ofMinutes(30)));
    admin.useHandle(h -> h.execute("DROP VIEW crm.customers__secured"));
    until(days(5).plus(Duration.ofMinutes(630)));
    admin.useHandle(
        h -> h.execute("CREATE VIEW crm.customers__secured AS SELECT * FROM crm.customers"));
    publish(monitor, "r3", days(10)); // stale 4d → 10d
    publish(monitor, "r4", days(10.5));
    publish(monitor, "r5", days(20)); // stale 11.5d → 20d
    publish(monitor, "r6", days(20.5));
    publish(monitor, "r7", days(21.2)); // stale from 22.2d, still at 30d
    until(days(30));

    List<SlaDao.Breach> breaches = catalog.sla().breaches("crm.customers", t0, t0.plus(days(30)));
    assertThat(breaches)
        .extracting(this::described)
        .containsExactly(
            "freshness PT36H PT72H r2",
            "freshness PT96H PT240H r3",
            "availability PT121H PT131H null",
            "freshness PT276H PT480H r5",
            "freshness PT532H48M open null");
    assertThat(breaches.get(2).cause()).contains("customers__secured").contains("does not exist");

    SlaReport report = new SlaReport(catalog.sla(), Clock.fixed(t0.plus(days(30)), ZoneOffset.UTC));
    SlaReport.ProductSla sla =
        report.product("crm.customers", List.of(days(30), days(7))).orElseThrow();
    SlaReport.Compliance month = sla.compliance().get(0);
    // freshness: 1.5 + 6 + 8.5 + 7.8 = 23.8 days stale of 30; unreadable 10 hours of 720
    assertThat(month.freshness())
        .isEqualTo(100.0 * (30 - 23.8) / 30, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(month.availability())
        .isEqualTo(100.0 * 710 / 720, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(month.both())
        .isEqualTo(month.freshness(), org.assertj.core.data.Offset.offset(1e-9));
    SlaReport.Compliance week = sla.compliance().get(1);
    assertThat(week.from()).isEqualTo(t0.plus(days(23)));
    assertThat(week.freshness()).isEqualTo(0.0);
    assertThat(week.availability()).isEqualTo(100.0);
    assertThat(sla.state()).isEqualTo("breached");
  }

  /** A breach as "kind start end run", its times as durations since t0. */
  String described(SlaDao.Breach b) {
    return b.kind()
        + " "
        + Duration.between(t0, b.startedAt())
        + " "
        + (b.endedAt() == null ? "open" : Duration.between(t0, b.endedAt()))
        + " "
        + b.endedByRun();
  }

  /** A successful run of crm.customers in the catalog that published 3 rows at {@code at}. */
  void recordRun(String run, Duration at) {
    long when = t0.plus(at).toEpochMilli();
    catalog
        .runs()
        .started(
            new io.meshflow.workflows.run.RunStarted(
                run,
                "publish/crm.customers",
                "crm.customers",
                "1.0.0",
                "latest",
                "manual",
                when - 60_000,
                null,
                null));
    catalog
        .runs()
        .finished(
            new io.meshflow.workflows.run.RunRecord(
                run,
                "crm.customers",
                "1.0.0",
                io.meshflow.workflows.run.RunStatus.SUCCEEDED,
                3,
                3,
                "crm.customers",
                when,
                List.of(),
                List.of(),
                null,
                null,
                null,
                null));
  }

  @Test
  void breachesNoMonitorSawAreCaughtUpFromTheRunsWhenItResumes() {
    until(Duration.ZERO);
    var mesh = new MeshLoader().load(Path.of("src/test/resources/access-mesh"));
    new io.meshflow.orchestrator.catalog.ContractRegistry(
            catalog.products(),
            new io.meshflow.contracts.governance.GovernanceLoader()
                .load(Path.of("src/test/resources/access-mesh/governance")))
        .register(
            mesh.product(io.meshflow.contracts.model.ProductId.parse("crm.customers"))
                .orElseThrow());
    new SlaMonitors(env.getWorkflowClient(), catalog.sla(), HOUR, Clock.fixed(t0, ZoneOffset.UTC))
        .reconcile(mesh);
    SlaMonitorWorkflow monitor =
        env.getWorkflowClient()
            .newWorkflowStub(
                SlaMonitorWorkflow.class, SlaMonitorRequest.workflowId("crm.customers"));
    recordRun("r1", days(0.5));
    publish(monitor, "r1", days(0.5));
    // between two probes: the test server holds its clock for a task in flight when terminated
    until(days(1).plus(HOUR.dividedBy(2)));
    // the monitor is lost (an embedded Temporal stopped); the product goes on publishing
    env.getWorkflowClient()
        .newUntypedWorkflowStub(SlaMonitorRequest.workflowId("crm.customers"))
        .terminate("lost with its server");
    recordRun("r2", days(3)); // stale 1.5d → 3d, seen by no monitor
    recordRun("r3", days(3.2)); // stale again from 4.2d
    until(days(5));
    assertThat(
            new SlaMonitors(
                    env.getWorkflowClient(),
                    catalog.sla(),
                    HOUR,
                    Clock.fixed(t0.plus(days(5)), ZoneOffset.UTC))
                .reconcile(mesh))
        .contains(new SlaMonitors.Action("crm.customers", "resumed"));
    until(days(5).plus(HOUR));
    assertThat(catalog.sla().breaches("crm.customers", t0, t0.plus(days(6))))
        .extracting(this::described)
        .containsExactly("freshness PT36H PT72H r2", "freshness PT100H48M open null");
  }

  @Test
  void aTargetChangedInTheContractIsPickedUp() throws Exception {
    until(Duration.ZERO);
    Path mesh = dir.resolve("mesh");
    copy(Path.of("src/test/resources/access-mesh"), mesh);
    SlaMonitors monitors =
        new SlaMonitors(
            env.getWorkflowClient(), catalog.sla(), HOUR, Clock.fixed(t0, ZoneOffset.UTC));
    monitors.reconcile(new MeshLoader().load(mesh));
    SlaMonitorWorkflow monitor =
        env.getWorkflowClient()
            .newWorkflowStub(
                SlaMonitorWorkflow.class, SlaMonitorRequest.workflowId("crm.customers"));
    publish(monitor, "r1", Duration.ZERO);
    Path contract = mesh.resolve("domains/crm/customers.yaml");
    java.nio.file.Files.writeString(
        contract,
        java.nio.file.Files.readString(contract).replace("freshness: 1d", "freshness: 2h"));
    until(HOUR);
    assertThat(monitors.reconcile(new MeshLoader().load(mesh)))
        .contains(new SlaMonitors.Action("crm.customers", "retargeted"));
    until(Duration.ofHours(3));
    assertThat(catalog.sla().open("crm.customers"))
        .extracting(b -> Duration.between(t0, b.startedAt()))
        .containsExactly(Duration.ofHours(2));
  }

  @Test
  void webhooksGetEachBreachAndRecoveryOnceAlsoWhenTheReceiverWasDown() throws Exception {
    java.util.List<String> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger refusals =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean down =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    com.sun.net.httpserver.HttpServer receiver =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("localhost", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          String body = new String(exchange.getRequestBody().readAllBytes());
          if (down.get()) {
            refusals.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
          } else {
            accepted.add(exchange.getRequestHeaders().getFirst("Meshflow-Alert-Id") + " " + body);
            exchange.sendResponseHeaders(204, -1);
          }
          exchange.close();
        });
    receiver.start();
    try {
      until(Duration.ZERO);
      Path mesh = dir.resolve("mesh");
      copy(Path.of("src/test/resources/access-mesh"), mesh);
      java.nio.file.Files.writeString(
          mesh.resolve("domains/crm/alerts.yaml"),
          "apiVersion: datamesh.io/v1\nkind: Alerts\nwebhooks:\n  - name: crm-oncall\n"
              + "    url: http://localhost:"
              + receiver.getAddress().getPort()
              + "/hook\n    products: [customers]\n");
      new SlaMonitors(env.getWorkflowClient(), catalog.sla(), HOUR, Clock.fixed(t0, ZoneOffset.UTC))
          .reconcile(new MeshLoader().load(mesh));
      SlaMonitorWorkflow monitor =
          env.getWorkflowClient()
              .newWorkflowStub(
                  SlaMonitorWorkflow.class, SlaMonitorRequest.workflowId("crm.customers"));
      publish(monitor, "r1", Duration.ZERO);
      until(days(1).plus(Duration.ofMinutes(20))); // stale since 1d; the receiver refuses
      assertThat(refusals.get()).isGreaterThan(1);
      assertThat(accepted).isEmpty();
      down.set(false);
      publish(monitor, "r2", days(1.5));
      until(days(2));
      String breach = "crm.customers/freshness/" + t0.plus(days(1)).toEpochMilli();
      assertThat(accepted)
          .extracting(a -> a.substring(0, a.indexOf(' ')))
          .containsExactly(breach + "/breach", breach + "/recovery");
      com.fasterxml.jackson.databind.JsonNode recovery =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(accepted.get(1).substring(accepted.get(1).indexOf(' ') + 1));
      assertThat(recovery.get("event").asText()).isEqualTo("recovery");
      assertThat(recovery.get("durationSeconds").asLong()).isEqualTo(days(0.5).toSeconds());
      assertThat(recovery.get("endedByRun").asText()).isEqualTo("r2");
      assertThat(recovery.get("breachId").asText()).isEqualTo(breach);
    } finally {
      receiver.stop(0);
    }
  }

  static void copy(Path from, Path to) throws Exception {
    try (var files = java.nio.file.Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (java.nio.file.Files.isDirectory(p)) java.nio.file.Files.createDirectories(target);
        else java.nio.file.Files.copy(p, target);
      }
    }
  }
}
