package io.meshflow.workers.sql;

import io.meshflow.contracts.model.SqlIdentifier;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The PostgreSQL database that holds published products and their staging tables, as one role sees
 * it: a domain's worker connects as that domain's own role and keeps its staging in that domain's
 * staging schema. Every unit of work runs in one transaction, and database errors come out
 * classified for Temporal.
 */
public final class Warehouse {
  private final Jdbi jdbi;
  private final DataSource dataSource;
  private final SqlIdentifier stagingSchema;
  private volatile boolean stagingReady;

  /** The warehouse as the platform sees it, staging in {@link StagingTables#SHARED_SCHEMA}. */
  public Warehouse(DataSource dataSource) {
    this(dataSource, StagingTables.SHARED_SCHEMA);
  }

  /** The warehouse as {@code role} sees it: {@code dataSource} connects as that role. */
  public Warehouse(DataSource dataSource, DomainRole role) {
    this(dataSource, role.stagingSchema());
  }

  private Warehouse(DataSource dataSource, SqlIdentifier stagingSchema) {
    this.jdbi = Jdbi.create(dataSource);
    this.dataSource = dataSource;
    this.stagingSchema = stagingSchema;
  }

  /**
   * How this warehouse logs in: its server's JDBC URL, user and password (never printed).
   *
   * @param password null where the server trusts the login (the embedded default)
   */
  public record Login(String url, String user, String password) {
    @Override
    public String toString() {
      return "Login[" + url + ", " + user + "]";
    }
  }

  /** The warehouse's own login, to reach another database of its server as the same user. */
  public Optional<Login> login() {
    if (dataSource instanceof com.zaxxer.hikari.HikariDataSource h) {
      return Optional.of(new Login(h.getJdbcUrl(), h.getUsername(), h.getPassword()));
    }
    if (dataSource instanceof org.postgresql.ds.common.BaseDataSource pg) {
      return Optional.of(new Login(pg.getUrl(), pg.getUser(), pg.getPassword()));
    }
    return Optional.empty();
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Makes sure the staging schema exists, in a short transaction of its own, before a step stages
   * anything: the lock that keeps two creators of the schema apart is never held across data work.
   * A domain's worker finds it made when its role was provisioned.
   */
  public void prepareStaging() {
    if (stagingReady) return;
    try {
      jdbi.useTransaction(h -> ensureSchema(h, stagingSchema));
    } catch (JdbiException e) {
      throw classified("creating the staging schema " + stagingSchema, e);
    }
    stagingReady = true;
  }

  /** The schema this warehouse stages runs in (and keeps its sources' positions in). */
  public SqlIdentifier stagingSchema() {
    return stagingSchema;
  }

  /** The staging tables of run {@code runId} in this warehouse's staging schema. */
  public StagingTables staging(String runId) {
    return StagingTables.of(stagingSchema, runId);
  }

  /**
   * Runs {@code work} in one transaction; {@code doing} names it in error messages and in the
   * heartbeats of the activity it runs in. A cancelled activity's statement is stopped and the
   * cancellation thrown.
   */
  public <T> T inTransaction(String doing, HandleCallback<T, SQLException> work) {
    try (ActivityHeartbeat heartbeat = ActivityHeartbeat.start(doing)) {
      try {
        return jdbi.inTransaction(
            h -> {
              heartbeat.watch(h.getConnection());
              return work.withHandle(h);
            });
      } catch (JdbiException e) {
        if (heartbeat.cancellation() != null) throw heartbeat.cancellation();
        throw classified(doing, e);
      } catch (SQLException e) {
        if (heartbeat.cancellation() != null) throw heartbeat.cancellation();
        throw SqlFailures.classify(doing, e);
      }
    }
  }

  /** A transaction's result and how long it took: the "SQL time" an activity reports. */
  public record Timed<T>(T value, long millis) {}

  /** {@link #inTransaction}, timed. */
  public <T> Timed<T> timedTransaction(String doing, HandleCallback<T, SQLException> work) {
    long start = System.nanoTime();
    T value = inTransaction(doing, work);
    return new Timed<>(value, (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * Creates a schema if it is missing. Concurrent {@code CREATE SCHEMA IF NOT EXISTS} collide in
   * PostgreSQL (a duplicate {@code pg_namespace} key), so creators of the same schema take turns on
   * an advisory lock held until their transaction ends, and the one that finds the schema in {@code
   * pg_namespace} leaves it be. Call it in a short transaction: everyone else creating the schema
   * waits for that transaction's end.
   */
  public static void ensureSchema(Handle h, SqlIdentifier schema) {
    if (schemaExists(h, schema)) return;
    lock(h, "meshflow.schema." + schema.value());
    if (!schemaExists(h, schema)) h.execute("CREATE SCHEMA " + schema.quoted());
  }

  private static boolean schemaExists(Handle h, SqlIdentifier schema) {
    return h.createQuery("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = :name)")
        .bind("name", schema.value())
        .mapTo(Boolean.class)
        .one();
  }

  /**
   * When the transaction of {@code h} started, in epoch milliseconds: the {@code now()} it stamps
   * rows with ({@code _ingestion_ts}).
   */
  public static long transactionTimeMillis(Handle h) {
    return h.createQuery("SELECT CAST(extract(epoch FROM now()) * 1000 AS bigint)")
        .mapTo(Long.class)
        .one();
  }

  /** Takes the transaction-scoped advisory lock named {@code name}; waits for its holder. */
  public static void lock(Handle h, String name) {
    h.createQuery("SELECT pg_advisory_xact_lock(hashtext(:name))")
        .bind("name", name)
        .mapTo(String.class)
        .one();
  }

  public static boolean tableExists(Handle h, String schema, String table) {
    return h.createQuery("SELECT to_regclass(:name) IS NOT NULL")
        .bind("name", '"' + schema + "\".\"" + table + '"')
        .mapTo(Boolean.class)
        .one();
  }

  /** Jdbi's failure as Temporal should see it: classified by its SQL cause, when it has one. */
  private static RuntimeException classified(String doing, JdbiException e) {
    SQLException sql = sqlCause(e);
    return sql != null ? SqlFailures.classify(doing, sql) : e;
  }

  private static SQLException sqlCause(Throwable t) {
    while (t != null) {
      if (t instanceof SQLException s) return s;
      t = t.getCause();
    }
    return null;
  }
}
