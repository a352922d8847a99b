package io.meshflow.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.model.Dataset;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.JdbcSource;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SourceColumn;
import io.meshflow.contracts.model.SourceRoots;
import io.meshflow.contracts.model.SourceType;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workers.activities.ExtractActivitiesImpl;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.ExtractRequest;
import io.meshflow.workflows.activities.ExtractResult;
import io.meshflow.workflows.run.SourcePlan;
import io.temporal.failure.ApplicationFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operational PostgreSQL database (a {@code shop} database beside the warehouse's, read by a
 * role of its own) streamed into staging over JDBC: rows, types, mapped names, and each way it can
 * go wrong.
 */
class DatabaseSourceAgainstPostgresTest {
  static EmbeddedPostgres postgres;
  static Warehouse warehouse;
  static String url;

  static final ProductId PRODUCT = ProductId.parse("shop.customers");
  static final String SECRET = "s3cret-of-the-shop";
  static final List<SourceColumn> COLUMNS =
      List.of(
          new SourceColumn(SqlIdentifier.of("id"), FieldType.LONG),
          new SourceColumn(SqlIdentifier.of("full_name"), FieldType.STRING, "Full Name"),
          new SourceColumn(SqlIdentifier.of("updated_at"), FieldType.TIMESTAMP));

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
    warehouse = new Warehouse(postgres.getPostgresDatabase());
    warehouse.jdbi().useHandle(h -> h.execute("CREATE DATABASE shop"));
    url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/shop";
    Jdbi shop = Jdbi.create(url, "postgres", "postgres");
    shop.useHandle(
        h -> {
          h.execute(
              "CREATE TABLE customers (id bigint PRIMARY KEY, \"Full Name\" text, updated_at"
                  + " timestamptz, secret text)");
          h.execute(
              "INSERT INTO customers SELECT i, 'Customer ' || i, TIMESTAMPTZ '2026-01-01' + i *"
                  + " interval '1 hour', 'x' FROM generate_series(1, 2500) AS i");
          h.execute("CREATE ROLE shop_reader LOGIN PASSWORD '" + SECRET + "'");
          h.execute("GRANT SELECT (id, \"Full Name\", updated_at) ON customers TO shop_reader");
        });
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private static ExtractResult extract(String runId, JdbcSource jdbc, Map<String, String> env) {
    return new ExtractActivitiesImpl(warehouse, SourceRoots.meshOnly(), env::get)
        .extract(
            new ExtractRequest(
                runId,
                PRODUCT,
                new SourcePlan(
                    SourceType.POSTGRES,
                    null,
                    ',',
                    COLUMNS,
                    new Dataset(
                        "postgres://localhost:" + postgres.getPort(), "shop.public.customers"),
                    jdbc,
                    null),
                null));
  }

  @Test
  void aDeclaredColumnTheTableNoLongerHasIsAContractViolationNamingIt() {
    List<SourceColumn> columns =
        List.of(
            new SourceColumn(SqlIdentifier.of("id"), FieldType.LONG),
            new SourceColumn(SqlIdentifier.of("email"), FieldType.STRING));
    ApplicationFailure gone =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                new ExtractActivitiesImpl(warehouse, SourceRoots.meshOnly(), ENV::get)
                    .extract(
                        new ExtractRequest(
                            "run-gone",
                            PRODUCT,
                            new SourcePlan(
                                SourceType.POSTGRES,
                                null,
                                ',',
                                columns,
                                null,
                                table("\"public\".\"customers\""),
                                null),
                            null)));
    assertThat(gone.isNonRetryable()).isTrue();
    assertThat(gone.getType()).isEqualTo("ContractViolation");
    assertThat(gone.getOriginalMessage())
        .isEqualTo(
            "a column the source declaration of shop.customers lists is not in localhost:"
                + postgres.getPort()
                + "/shop: ERROR: column \"email\" does not exist");
  }

  @Test
  void aCursorColumnReadsOnlyTheRowsChangedSinceTheLastPublishedRun() {
    Jdbi shop = Jdbi.create(url, "postgres", "postgres");
    shop.useHandle(
        h -> {
          h.execute(
              "CREATE TABLE accounts (id bigint PRIMARY KEY, \"Full Name\" text, updated_at"
                  + " timestamptz)");
          h.execute(
              "INSERT INTO accounts SELECT i, 'Account ' || i, TIMESTAMPTZ '2026-01-01 00:00:00+00'"
                  + " + i * interval '1 minute' FROM generate_series(1, 100) AS i");
          h.execute("GRANT SELECT ON accounts TO shop_reader");
        });
    JdbcSource jdbc =
        new JdbcSource(
            url,
            "shop_reader",
            "${env:SHOP_PASSWORD}",
            "\"public\".\"accounts\"",
            null,
            "updated_at");
    SourcePlan plan =
        new SourcePlan(
            SourceType.POSTGRES,
            null,
            ',',
            COLUMNS,
            new Dataset("postgres://localhost:" + postgres.getPort(), "shop.public.accounts"),
            jdbc,
            null);
    ExtractResult first = extractPlan("run-cursor-1", plan);
    assertThat(first.rows()).isEqualTo(100);
    assertThat(first.range().describe()).isEqualTo("updated_at (start, 2026-01-01 01:40:00+00]");
    // a retry before any publish reads the same rows again
    assertThat(extractPlan("run-cursor-1", plan).rows()).isEqualTo(100);
    commit("run-cursor-1", first);

    shop.useHandle(
        h -> {
          h.execute(
              "UPDATE accounts SET \"Full Name\" = 'Renamed ' || id, updated_at = TIMESTAMPTZ"
                  + " '2026-01-02 00:00:00+00' + id * interval '1 second' WHERE id IN (3, 50, 99)");
          h.execute(
              "INSERT INTO accounts VALUES (101, 'Account 101', TIMESTAMPTZ '2026-01-02 00:05:00+00')");
        });
    ExtractResult second = extractPlan("run-cursor-2", plan);
    assertThat(second.range().describe())
        .isEqualTo("updated_at (2026-01-01 01:40:00+00, 2026-01-02 00:05:00+00]");
    assertThat(rows("SELECT id, full_name FROM meshflow_staging.s_runcursor2_src ORDER BY id"))
        .extracting(r -> r.get("id") + " " + r.get("full_name"))
        .containsExactly("3 Renamed 3", "50 Renamed 50", "99 Renamed 99", "101 Account 101");
    commit("run-cursor-2", second);

    ExtractResult idle = extractPlan("run-cursor-3", plan);
    assertThat(idle.rows()).isZero();
    assertThat(idle.nothingNew()).isTrue();
    // a full refresh reads the whole table again, and may commit over the same position
    ExtractResult refresh =
        new ExtractActivitiesImpl(warehouse, SourceRoots.meshOnly(), ENV::get)
            .extract(new ExtractRequest("run-cursor-4", PRODUCT, plan, null, true));
    assertThat(refresh.rows()).isEqualTo(101);
    assertThat(refresh.range().describe()).isEqualTo("updated_at (start, 2026-01-02 00:05:00+00]");
    commit("run-cursor-4", refresh);
    // a run that read from a position another run has since moved publishes nothing
    ApplicationFailure moved =
        catchThrowableOfType(ApplicationFailure.class, () -> commit("run-cursor-late", first));
    assertThat(moved.getType()).isEqualTo("SourceMoved");
    assertThat(moved.getOriginalMessage())
        .isEqualTo(
            "shop.customers: another run published table shop.public.accounts up to updated_at"
                + " 2026-01-02 00:05:00+00 after this run read it from its start; nothing was"
                + " published (run again to read on from there)");
  }

  private static ExtractResult extractPlan(String runId, SourcePlan plan) {
    return new ExtractActivitiesImpl(warehouse, SourceRoots.meshOnly(), ENV::get)
        .extract(new ExtractRequest(runId, PRODUCT, plan, null));
  }

  private static void commit(String runId, ExtractResult extracted) {
    var positions = new io.meshflow.workers.sql.SourcePositions(warehouse.stagingSchema());
    warehouse.jdbi().useTransaction(h -> positions.commit(h, PRODUCT, runId, extracted.range()));
  }

  private static JdbcSource table(String table) {
    return new JdbcSource(url, "shop_reader", "${env:SHOP_PASSWORD}", table, null);
  }

  private static final Map<String, String> ENV = Map.of("SHOP_PASSWORD", SECRET);

  private static List<Map<String, Object>> rows(String sql) {
    return warehouse.jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
  }

  @Test
  void aTableIsStreamedTypedAndMappedAndARetryRebuildsIt() {
    ExtractResult first = extract("run-db", table("\"public\".\"customers\""), ENV);
    ExtractResult retry = extract("run-db", table("\"public\".\"customers\""), ENV);
    assertThat(first.rows()).isEqualTo(2500);
    assertThat(retry.rows()).isEqualTo(2500);
    assertThat(
            rows(
                "SELECT count(*) AS n, max(id) AS top, min(full_name) AS first,"
                    + " pg_typeof(max(updated_at))::text AS type,"
                    + " bool_and(_ingestion_ts > now() - interval '1 minute') AS stamped FROM "
                    + first.table()))
        .containsExactly(
            Map.of(
                "n",
                2500L,
                "top",
                2500L,
                "first",
                "Customer 1",
                "type",
                "timestamp with time zone",
                "stamped",
                true));
  }

  @Test
  void aQueryOfTheSourcesOwnIsReadTheSameWay() {
    ExtractResult staged =
        extract(
            "run-query",
            new JdbcSource(
                url,
                "shop_reader",
                "${env:SHOP_PASSWORD}",
                null,
                "SELECT id, \"Full Name\", updated_at FROM customers WHERE id <= 10"),
            ENV);
    assertThat(staged.rows()).isEqualTo(10);
  }

  @Test
  void whatCanGoWrongFailsOnceOrIsRetriedAndNeverShowsTheSecret() {
    ApplicationFailure missing =
        catchThrowableOfType(
            ApplicationFailure.class, () -> extract("run-e1", table("\"public\".\"nope\""), ENV));
    assertThat(missing.isNonRetryable()).isTrue();
    assertThat(missing.getType()).isEqualTo("SourceNotFound");
    assertThat(missing.getOriginalMessage())
        .isEqualTo(
            "the source of shop.customers does not exist in localhost:"
                + postgres.getPort()
                + "/shop: ERROR: relation \"public.nope\" does not exist");

    ApplicationFailure noSecret =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> extract("run-e2", table("\"public\".\"customers\""), Map.of()));
    assertThat(noSecret.getType()).isEqualTo("SourceSecretMissing");
    assertThat(noSecret.getOriginalMessage())
        .isEqualTo(
            "SHOP_PASSWORD is not set where the worker of shop runs; the source declaration reads"
                + " it from there");

    ApplicationFailure refused =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                // the embedded server trusts local passwords: an unknown user is what it refuses
                extract(
                    "run-e3",
                    new JdbcSource(
                        url, "ghost", "${env:SHOP_PASSWORD}", "\"public\".\"customers\"", null),
                    ENV));
    assertThat(refused.isNonRetryable()).isTrue();
    assertThat(refused.getOriginalMessage())
        .isEqualTo(
            "the source database localhost:"
                + postgres.getPort()
                + "/shop refused the user of shop.customers")
        .doesNotContain(SECRET);

    ApplicationFailure unreachable =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                extract(
                    "run-e4",
                    new JdbcSource(
                        "jdbc:postgresql://localhost:1/shop",
                        "shop_reader",
                        "${env:SHOP_PASSWORD}",
                        "\"public\".\"customers\"",
                        null),
                    ENV));
    assertThat(unreachable.isNonRetryable()).isFalse();
    assertThat(unreachable.getType()).isEqualTo("SourceUnreachable");
    assertThat(unreachable.getOriginalMessage())
        .startsWith("cannot reach the source database localhost:1/shop of shop.customers: ");
  }

  @Test
  void anotherDatabaseIsReadThroughItsDriverWithAFetchSizeAndItsCursor() throws Exception {
    String h2 = "jdbc:h2:mem:crm;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
    try (var c = java.sql.DriverManager.getConnection(h2, "sa", "");
        var s = c.createStatement()) {
      s.execute(
          "CREATE TABLE contacts (id BIGINT PRIMARY KEY, \"Full Name\" VARCHAR(100),"
              + " updated_at TIMESTAMP)");
      s.execute(
          "INSERT INTO contacts VALUES (1, 'Ann, \"the\" first', TIMESTAMP '2026-01-01 10:00:00'),"
              + " (2, NULL, TIMESTAMP '2026-01-01 11:00:00'),"
              + " (3, 'O''Brien', TIMESTAMP '2026-01-01 12:00:00')");
    }
    SourcePlan plan =
        new SourcePlan(
            SourceType.POSTGRES,
            null,
            ',',
            COLUMNS,
            new Dataset("h2:mem:crm", "crm.public.contacts"),
            new JdbcSource(h2, "sa", null, "\"public\".\"contacts\"", null, "updated_at"),
            null);
    assertThat(plan.jdbc().lineageNamespace()).isEqualTo("h2:mem:crm");
    ExtractResult first = extractPlan("run-h2-1", plan);
    assertThat(first.rows()).isEqualTo(3);
    // a timestamp without a time zone is read as UTC, as from PostgreSQL
    assertThat(first.range().describe()).isEqualTo("updated_at (start, 2026-01-01T12:00:00Z]");
    assertThat(
            rows(
                "SELECT id, full_name, to_char(updated_at AT TIME ZONE 'UTC', 'HH24:MI') AS at"
                    + " FROM "
                    + first.table()
                    + " ORDER BY id"))
        .extracting(r -> r.get("id") + "|" + r.get("full_name") + "|" + r.get("at"))
        .containsExactly("1|Ann, \"the\" first|10:00", "2|null|11:00", "3|O'Brien|12:00");
    commit("run-h2-1", first);

    try (var c = java.sql.DriverManager.getConnection(h2, "sa", "");
        var s = c.createStatement()) {
      s.execute(
          "UPDATE contacts SET \"Full Name\" = 'Ann', updated_at = TIMESTAMP '2026-01-02 09:00:00'"
              + " WHERE id = 1");
      s.execute("INSERT INTO contacts VALUES (4, 'Dan', TIMESTAMP '2026-01-02 09:30:00')");
    }
    ExtractResult second = extractPlan("run-h2-2", plan);
    assertThat(second.range().describe())
        .isEqualTo("updated_at (2026-01-01T12:00:00Z, 2026-01-02T09:30:00Z]");
    assertThat(rows("SELECT id, full_name FROM " + second.table() + " ORDER BY id"))
        .extracting(r -> r.get("id") + " " + r.get("full_name"))
        .containsExactly("1 Ann", "4 Dan");
    commit("run-h2-2", second);
    assertThat(extractPlan("run-h2-3", plan).nothingNew()).isTrue();
  }

  @Test
  void aDatabaseOnTheMeshsOwnServerIsReadAsTheWarehousesOwnLogin() {
    SourcePlan plan =
        new SourcePlan(
            SourceType.POSTGRES,
            null,
            ',',
            COLUMNS,
            new Dataset(JdbcSource.MESH_SERVER, "shop.public.customers"),
            new JdbcSource(null, null, null, "\"public\".\"customers\"", null, null, "shop", null),
            null);
    ExtractResult read = extractPlan("run-mesh-db", plan);
    assertThat(read.rows()).isEqualTo(2500);
    assertThat(rows("SELECT count(DISTINCT id) AS n FROM " + read.table()))
        .containsExactly(Map.of("n", 2500L));
  }
}
