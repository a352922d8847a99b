package io.meshflow.workers.activities;

import io.meshflow.contracts.model.JdbcSource;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SourceColumn;
import io.meshflow.contracts.model.SourceSpec;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workers.sql.ProductTableDdl;
import io.meshflow.workers.sql.SourcePositions;
import io.meshflow.workers.sql.SqlFailures;
import io.meshflow.workers.sql.StagingTables;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.ExtractResult;
import io.meshflow.workflows.run.SourcePlan;
import io.meshflow.workflows.run.SourceRange;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * Streams a table (or query) of an operational PostgreSQL database into the run's staging table:
 * {@code COPY (SELECT …) TO STDOUT} on a read-only connection to the source, piped into {@code COPY
 * … FROM STDIN} on the warehouse, so rows are never held in the JVM. The staging table is rebuilt
 * in the same transaction, so a retry never duplicates rows. The password comes from the worker's
 * environment ({@code ${env:NAME}}) and never reaches a message.
 */
final class DatabaseExtract {
  private static final int PIPE_BUFFER = 1 << 20;

  private final Warehouse warehouse;
  private final Function<String, String> environment;

  DatabaseExtract(Warehouse warehouse, Function<String, String> environment) {
    this.warehouse = warehouse;
    this.environment = environment;
  }

  ExtractResult extract(String runId, ProductId product, SourcePlan source, boolean fullRefresh) {
    JdbcSource jdbc = source.jdbc();
    StagingTables staging = warehouse.staging(runId);
    String table = staging.qualifiedSource();
    List<SourceColumn> columns = source.columns();
    String create =
        "CREATE UNLOGGED TABLE "
            + table
            + " ("
            + columns.stream()
                .map(c -> c.name().quoted() + " " + ProductTableDdl.sqlType(c.type()))
                .collect(Collectors.joining(", "))
            + ", "
            + SqlIdentifier.of(SourceSpec.INGESTION_TS).quoted()
            + " timestamptz NOT NULL DEFAULT now())";
    String copyIn =
        "COPY "
            + table
            + " ("
            + columns.stream().map(c -> c.name().quoted()).collect(Collectors.joining(", "))
            + ") FROM STDIN WITH (FORMAT csv)";
    String select =
        "SELECT "
            + columns.stream().map(SourceColumn::quotedSourceName).collect(Collectors.joining(", "))
            + " FROM "
            + jdbc.relation();
    warehouse.prepareStaging();
    try (Connection from = connect(jdbc, product)) {
      SourceRange range =
          jdbc.cursor() == null ? null : cursorRange(from, product, source, fullRefresh);
      String copyOut =
          "COPY ("
              + select
              + (range == null ? "" : where(source, range))
              + ") TO STDOUT WITH (FORMAT csv)";
      Warehouse.Timed<Long> timed =
          warehouse.timedTransaction(
              "extracting " + jdbc.where() + " for " + product,
              h -> {
                h.execute("DROP TABLE IF EXISTS " + table);
                h.execute(create);
                return pipe(
                    from, copyOut, h.getConnection().unwrap(PGConnection.class), copyIn, jdbc);
              });
      return new ExtractResult(table, timed.value(), timed.millis(), range);
    } catch (SQLException e) {
      throw failure(jdbc, product, e);
    } catch (SourceFailure e) {
      throw failure(jdbc, product, e.getCause());
    }
  }

  /**
   * The cursor range this run reads: after the value the product's last publish committed, up to
   * the highest value the table holds now (read first, so that rows written while the run copies
   * wait for the next run instead of being read twice).
   */
  private SourceRange cursorRange(
      Connection from, ProductId product, SourcePlan source, boolean fullRefresh)
      throws SQLException {
    JdbcSource jdbc = source.jdbc();
    SourcePositions positions = new SourcePositions(warehouse.stagingSchema());
    String key = positionKey(source);
    String committed =
        warehouse.inTransaction(
            "reading the source positions of " + product,
            h -> {
              positions.ensure(h);
              return positions.cursor(h, product, key);
            });
    String high;
    try (var statement = from.createStatement();
        var rs =
            statement.executeQuery(
                "SELECT max("
                    + cursorColumn(source).quotedSourceName()
                    + ")::text FROM "
                    + jdbc.relation())) {
      rs.next();
      high = rs.getString(1);
    }
    return SourceRange.ofCursor(
        key,
        new SourceRange.Cursor(jdbc.cursor(), committed, fullRefresh ? null : committed, high));
  }

  /** Where a source's positions are kept: its dataset's name ({@code shop.public.customers}). */
  private static String positionKey(SourcePlan source) {
    return source.dataset() != null ? source.dataset().name() : source.jdbc().where();
  }

  private static SourceColumn cursorColumn(SourcePlan source) {
    return source.columns().stream()
        .filter(c -> c.name().value().equals(source.jdbc().cursor()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "cursor " + source.jdbc().cursor() + " is not a declared column"));
  }

  /** The rows of the range: {@code (committed, to]} of the cursor, typed as declared. */
  private static String where(SourcePlan source, SourceRange range) {
    SourceRange.Cursor cursor = range.cursor();
    if (cursor.to() == null || cursor.to().equals(cursor.from())) return " WHERE false";
    SourceColumn column = cursorColumn(source);
    String type = ProductTableDdl.sqlType(column.type());
    String name = column.quotedSourceName();
    // the bounds are values PostgreSQL printed; quoted as literals, never spliced as SQL
    String where = " WHERE " + name + " <= CAST(" + literal(cursor.to()) + " AS " + type + ")";
    if (cursor.from() != null) {
      where += " AND " + name + " > CAST(" + literal(cursor.from()) + " AS " + type + ")";
    }
    return where;
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** An error of the source database, carried out of the warehouse's transaction. */
  private static final class SourceFailure extends RuntimeException {
    SourceFailure(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }

  /**
   * Runs {@code COPY … TO STDOUT} on the source into a pipe that {@code COPY … FROM STDIN} reads.
   */
  private static long pipe(
      Connection from, String copyOut, PGConnection to, String copyIn, JdbcSource jdbc)
      throws SQLException {
    ExecutorService reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "mf-copy-out"));
    try (PipedInputStream in = new PipedInputStream(PIPE_BUFFER);
        PipedOutputStream out = new PipedOutputStream(in)) {
      Future<Long> sent =
          reader.submit(
              () -> {
                try (out) {
                  return from.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOut, out);
                }
              });
      long received;
      try {
        received = to.getCopyAPI().copyIn(copyIn, in);
      } catch (SQLException | IOException e) {
        sent.cancel(true);
        // the source's failure explains the broken pipe better than the pipe does
        try {
          sent.get();
        } catch (java.util.concurrent.ExecutionException source) {
          if (source.getCause() instanceof SQLException sql) throw new SourceFailure(sql);
        } catch (InterruptedException | java.util.concurrent.CancellationException ignored) {
          Thread.currentThread().interrupt();
        }
        if (e instanceof SQLException sql) throw sql;
        throw new UncheckedIOException((IOException) e);
      }
      try {
        sent.get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof SQLException sql) throw new SourceFailure(sql);
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading " + jdbc.where(), e);
      }
      return received;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      reader.shutdownNow();
    }
  }

  /** A read-only connection to the source, its secrets taken from the worker's environment. */
  private Connection connect(JdbcSource jdbc, ProductId product) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", resolve(jdbc.user(), product));
    if (jdbc.password() != null) props.setProperty("password", resolve(jdbc.password(), product));
    props.setProperty("readOnly", "true");
    props.setProperty("connectTimeout", "10");
    props.setProperty("ApplicationName", "meshflow extract of " + product);
    // cursor values are printed and compared in UTC, whatever the server's own time zone
    props.setProperty("options", "-c TimeZone=UTC");
    Connection c = DriverManager.getConnection(jdbc.url(), props);
    c.setReadOnly(true);
    return c;
  }

  /** A value, or the environment variable it refers to ({@code ${env:NAME}}). */
  private String resolve(String value, ProductId product) {
    var variable = JdbcSource.variable(value);
    if (variable.isEmpty()) return value;
    String resolved = environment.apply(variable.get());
    if (resolved == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          variable.get()
              + " is not set where the worker of "
              + product.domain()
              + " runs; the source declaration reads it from there",
          "SourceSecretMissing");
    }
    return resolved;
  }

  /**
   * The run's failure for a source error: an unreachable database is transient (retried), an
   * unknown table or column or refused credentials are not. Messages name the host and the object,
   * never a secret.
   */
  private static RuntimeException failure(JdbcSource jdbc, ProductId product, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    if (state.startsWith("08") || state.isEmpty()) {
      return ApplicationFailure.newFailure(
          "cannot reach the source database " + jdbc.where() + " of " + product + ": " + message,
          "SourceUnreachable");
    }
    if (state.startsWith("28")) {
      return ApplicationFailure.newNonRetryableFailure(
          "the source database " + jdbc.where() + " refused the user of " + product,
          "SourceRefused");
    }
    if (state.equals("42P01") || state.equals("3F000")) {
      return ApplicationFailure.newNonRetryableFailure(
          "the source of " + product + " does not exist in " + jdbc.where() + ": " + message,
          "SourceNotFound");
    }
    if (state.equals("42703")) {
      return SqlFailures.contractViolation(
          "a column the source declaration of "
              + product
              + " lists is not in "
              + jdbc.where()
              + ": "
              + message);
    }
    return SqlFailures.classify("extracting " + jdbc.where() + " for " + product, e);
  }
}
