package io.meshflow.orchestrator.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.orchestrator.catalog.AccessDao;
import io.meshflow.orchestrator.catalog.Catalog;
import io.meshflow.orchestrator.platform.AccessActivitiesImpl;
import io.meshflow.orchestrator.stack.EmbeddedDatabase;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.access.AccessRequestWorkflowImpl;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Access requests on Temporal's test server with time skipping, granting and revoking real
 * PostgreSQL roles: the grant lasts exactly its duration, and every step is in the audit log.
 */
class AccessRequestWorkflowTest {
  static final Path MESH = Path.of("src/test/resources/access-mesh");

  @TempDir static Path dir;
  static EmbeddedDatabase database;
  static Jdbi admin;
  static Catalog catalog;
  static Warehouse warehouse;
  static GovernancePolicies governance;

  TestWorkflowEnvironment env;
  AccessService access;

  @BeforeAll
  static void startDatabase() throws Exception {
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
    warehouse = new Warehouse(superuser);
    governance = new GovernanceLoader().load(MESH.resolve("governance"));
    admin.useTransaction(
        h ->
            ConsumerRoles.ensure(
                h,
                List.of(
                    governance.access().warehouseRole("analyst"),
                    governance.access().warehouseRole("marketing"))));
  }

  @AfterAll
  static void stopDatabase() {
    database.close();
  }

  @BeforeEach
  void startTemporal() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.PLATFORM);
    worker.registerWorkflowImplementationTypes(AccessRequestWorkflowImpl.class);
    worker.registerActivitiesImplementations(new AccessActivitiesImpl(catalog.access(), warehouse));
    env.start();
    access =
        new AccessService(
            env.getWorkflowClient(),
            catalog.access(),
            warehouse,
            new MeshLoader().load(MESH),
            governance.access(),
            new EnvironmentClock(env));
  }

  @AfterEach
  void stopTemporal() {
    env.close();
  }

  /** The test server's (skipping) time, so the service and the workflows agree on it. */
  static final class EnvironmentClock extends Clock {
    private final TestWorkflowEnvironment env;

    EnvironmentClock(TestWorkflowEnvironment env) {
      this.env = env;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(env.currentTimeMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  static boolean member(String login, String role) {
    return admin.withHandle(h -> ConsumerLogins.isMember(h, login, role));
  }

  /** The audit log of {@code login}: action, product, role, actor and detail of each line. */
  static List<String> audit(String login) {
    return catalog.access().audit(null, login, 100).stream()
        .map(
            e ->
                String.join(
                    " | ",
                    e.action(),
                    e.productId(),
                    e.role(),
                    e.actor(),
                    String.valueOf(e.detail())))
        .toList();
  }

  @Test
  void anApprovedRequestGrantsTheRoleAndItsTimerRevokesItWhenItExpires() {
    AccessDao.Request requested =
        access.request(
            "crm.customers", "analyst", "alice", Duration.ofDays(30), "Q3 churn study", "alice");
    assertThat(requested.status()).isEqualTo("PENDING");
    assertThat(requested.workflowId()).isEqualTo("access/crm.customers/alice/analyst");
    assertThat(member("alice", "mesh_analyst")).isFalse();

    AccessDao.Request granted =
        access.decide("crm.customers", "alice", "analyst", true, "lee", "ok for Q3");
    assertThat(granted.status()).isEqualTo("ACTIVE");
    assertThat(member("alice", "mesh_analyst")).isTrue();
    assertThat(Duration.between(granted.grantedAt(), granted.expiresAt()))
        .isEqualTo(Duration.ofDays(30));

    env.sleep(Duration.ofDays(29));
    assertThat(member("alice", "mesh_analyst")).isTrue();
    env.sleep(Duration.ofDays(1).plusMinutes(1));
    AccessDao.Request ended = catalog.access().find(granted.requestId()).orElseThrow();
    assertThat(ended.status()).isEqualTo("EXPIRED");
    assertThat(ended.endedAt()).isEqualTo(granted.expiresAt());
    assertThat(member("alice", "mesh_analyst")).isFalse();
    assertThat(audit("alice"))
        .containsExactly(
            "requested | crm.customers | analyst | alice | for 30d: Q3 churn study",
            "approved | crm.customers | analyst | lee | ok for Q3",
            "granted | crm.customers | analyst | lee | mesh_analyst to alice until "
                + granted.expiresAt(),
            "expired | crm.customers | analyst | meshflow | mesh_analyst from alice");
    List<AccessDao.AuditEntry> log = catalog.access().audit(null, "alice", 100);
    assertThat(Duration.between(log.get(2).at(), log.get(3).at())).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void aDeniedRequestGrantsNothingAndCannotBeDecidedAgain() {
    access.request("crm.customers", "marketing", "bob", Duration.ofDays(7), null, "bob");
    AccessDao.Request denied =
        access.decide("crm.customers", "bob", "marketing", false, "lee", "use the aggregates");
    assertThat(denied.status()).isEqualTo("DENIED");
    assertThat(member("bob", "mesh_marketing")).isFalse();
    assertThat(audit("bob"))
        .containsExactly(
            "requested | crm.customers | marketing | bob | for 7d",
            "denied | crm.customers | marketing | lee | use the aggregates");
    assertThat(
            catchThrowable(
                () -> access.decide("crm.customers", "bob", "marketing", true, "lee", null)))
        .isInstanceOf(AccessService.AccessConflictException.class)
        .hasMessageStartingWith(
            "the request of bob for crm.customers as marketing is decided already (denied by lee");
    assertThat(
            catchThrowable(
                () -> access.decide("crm.customers", "zed", "analyst", true, "lee", null)))
        .isInstanceOf(AccessService.NoSuchRequestException.class)
        .hasMessage("no access request of zed for crm.customers as analyst");
  }

  @Test
  void badNamesAreRefusedBeforeAnythingStarts() {
    assertThat(
            catchThrowable(
                () ->
                    access.request(
                        "crm.customers",
                        "analyst",
                        "eve\"; DROP ROLE mesh_analyst; --",
                        Duration.ofDays(1),
                        null,
                        "eve")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'eve\"; DROP ROLE mesh_analyst; --' is not a login name");
    assertThat(
            catchThrowable(
                () ->
                    access.request(
                        "crm.visits", "marketing", "eve", Duration.ofDays(1), null, "eve")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("crm.visits grants no role 'marketing'; its contract grants analyst");
    assertThat(
            catchThrowable(
                () ->
                    access.request(
                        "crm.customers", "analyst", "postgres", Duration.ofDays(1), null, "x")))
        .hasMessage("'postgres' is one of the platform's own roles, not a person's login");
    assertThat(access.revoke("crm.customers", "eve", "analyst", "lee", null)).isEmpty();
    assertThat(catalog.access().list(null, 100))
        .noneMatch(r -> r.login().startsWith("eve") || r.login().equals("postgres"));
  }

  @Test
  void endingOneOfTwoGrantsOfTheSameRoleKeepsTheOther() {
    access.request("crm.customers", "analyst", "carol", Duration.ofDays(2), null, "carol");
    access.decide("crm.customers", "carol", "analyst", true, "lee", null);
    access.request("crm.visits", "analyst", "carol", Duration.ofDays(10), null, "carol");
    access.decide("crm.visits", "carol", "analyst", true, "lee", null);

    Optional<AccessDao.Request> revoked =
        access.revoke("crm.customers", "carol", "analyst", "lee", "left the project");
    assertThat(revoked.orElseThrow().status()).isEqualTo("REVOKED");
    assertThat(member("carol", "mesh_analyst")).isTrue();
    env.sleep(Duration.ofDays(10).plusMinutes(1));
    assertThat(member("carol", "mesh_analyst")).isFalse();
    assertThat(audit("carol"))
        .filteredOn(line -> line.startsWith("revoked") || line.startsWith("expired"))
        .containsExactly(
            "revoked | crm.customers | analyst | lee | kept mesh_analyst: another active grant"
                + " gives it to carol",
            "expired | crm.visits | analyst | meshflow | mesh_analyst from carol");
  }

  @Test
  void aGrantLeftOpenByAStoppedPlatformEndsWhenTheNextOneStarts() {
    access.request("crm.visits", "analyst", "dave", Duration.ofHours(1), null, "dave");
    AccessDao.Request granted = access.decide("crm.visits", "dave", "analyst", true, "lee", null);
    // the platform stops (an embedded stack's Temporal lives in its process) for two hours
    env.close();
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.PLATFORM);
    worker.registerWorkflowImplementationTypes(AccessRequestWorkflowImpl.class);
    worker.registerActivitiesImplementations(new AccessActivitiesImpl(catalog.access(), warehouse));
    env.start();
    assertThat(member("dave", "mesh_analyst")).isTrue();
    assertThat(AccessService.resume(env.getWorkflowClient(), catalog.access(), Clock.systemUTC()))
        .isEqualTo(1);
    env.sleep(Duration.ofHours(2));
    AccessDao.Request ended = catalog.access().find(granted.requestId()).orElseThrow();
    assertThat(ended.status()).isEqualTo("EXPIRED");
    assertThat(member("dave", "mesh_analyst")).isFalse();
  }
}
