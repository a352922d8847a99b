package io.meshflow.workers.activities;

import io.meshflow.contracts.model.FieldType;
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
import java.sql.Driver;
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
import org.postgresql.copy.CopyIn;

/**
 * Streams a table (or query) of an operational database into the run's staging table: from
 * PostgreSQL, {@code COPY (SELECT …) TO STDOUT} on a read-only connection to the source, piped into
 * {@code COPY … FROM STDIN} on the warehouse; from any other database, a cursor with a fetch size
 * ({@link JdbcRows}) into the same {@code COPY}. Rows are never held in the JVM. The staging table
 * is rebuilt in the same transaction, so a retry never duplicates rows. The password comes from the
 * worker's environment ({@code ${env:NAME}}) and never reaches a message.
 */
final class DatabaseExtract {
  private static final int PIPE_BUFFER = 1 << 20;

  private final Warehouse warehouse;
  private final Function<String, String> environment;

  DatabaseExtract(Warehouse warehouse, Function<String, String> environment) {
    this.warehouse = warehouse;
    this.environment = environment;
  }

  ExtractResult extract(String runId, ProductId product, SourcePlan declared, boolean fullRefresh) {
    SourcePlan source = onServer(declared);
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
      Cursor cursor =
          jdbc.cursor() == null ? null : cursorRange(from, product, source, fullRefresh);
      SourceRange range = cursor == null ? null : cursor.range();
      Warehouse.Timed<long[]> timed =
          warehouse.timedTransaction(
              "extracting " + jdbc.where() + " for " + product,
              h -> {
                h.execute("DROP TABLE IF EXISTS " + table);
                h.execute(create);
                PGConnection to = h.getConnection().unwrap(PGConnection.class);
                long rows =
                    jdbc.usesPostgres()
                        ? pipe(
                            from,
                            "COPY ("
                                + select
                                + (range == null ? "" : where(source, range))
                                + ") TO STDOUT WITH (FORMAT csv)",
                            to,
                            copyIn,
                            jdbc)
                        : fetch(from, select, source, cursor, to, copyIn);
                return new long[] {rows, Warehouse.transactionTimeMillis(h)};
              });
      long rows = timed.value()[0];
      // every row is stamped with the extract's time
      return new ExtractResult(
          table, rows, timed.millis(), range, rows > 0 ? timed.value()[1] : null);
    } catch (SQLException e) {
      throw failure(jdbc, product, e);
    } catch (SourceFailure e) {
      throw failure(jdbc, product, e.getCause());
    }
  }

  /** A source on the mesh's own server, at the address of this worker's warehouse. */
  private SourcePlan onServer(SourcePlan source) {
    JdbcSource jdbc = source.jdbc();
    if (!jdbc.onMeshServer()) return source;
    Warehouse.Login login =
        warehouse
            .login()
            .orElseThrow(() -> new IllegalStateException("the warehouse's server is unknown"));
    return new SourcePlan(
        source.type(),
        source.path(),
        source.delimiter(),
        source.columns(),
        source.dataset(),
        jdbc.onServer(login.url()),
        source.kafka());
  }

  /** The range a cursor-read run reads, and whether its column is a zoned timestamp. */
  private record Cursor(SourceRange range, boolean zoned) {}

  /**
   * The cursor range this run reads: after the value the product's last publish committed, up to
   * the highest value the table holds now (read first, so that rows written while the run copies
   * wait for the next run instead of being read twice).
   */
  private Cursor cursorRange(
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
    SourceColumn column = cursorColumn(source);
    String max = "max(" + column.quotedSourceName() + ")";
    JdbcRows.Highest high;
    if (jdbc.usesPostgres()) {
      // PostgreSQL prints the value, and reads it back when the copy compares with it
      try (var statement = from.createStatement();
          var rs = statement.executeQuery("SELECT " + max + "::text FROM " + jdbc.relation())) {
        rs.next();
        high = new JdbcRows.Highest(rs.getString(1), false);
      }
    } else {
      high = JdbcRows.highest(from, "SELECT " + max + " FROM " + jdbc.relation(), column.type());
    }
    return new Cursor(
        SourceRange.ofCursor(
            key,
            new SourceRange.Cursor(
                jdbc.cursor(), committed, fullRefresh ? null : committed, high.value())),
        high.zoned());
  }

  /**
   * Streams the rows of a database other than PostgreSQL (or of the range of its cursor) into
   * {@code COPY … FROM STDIN}, a fetch-size batch at a time.
   */
  private static long fetch(
      Connection from,
      String select,
      SourcePlan source,
      Cursor cursor,
      PGConnection to,
      String copyIn) {
    List<String> bounds = new java.util.ArrayList<>();
    String sql = select;
    FieldType cursorType = null;
    if (cursor != null) {
      SourceRange.Cursor c = cursor.range().cursor();
      cursorType = cursorColumn(source).type();
      String name = cursorColumn(source).quotedSourceName();
      if (c.to() == null || c.to().equals(c.from())) {
        sql += " WHERE 1 = 0";
      } else {
        sql += " WHERE " + name + " <= ?";
        bounds.add(c.to());
        if (c.from() != null) {
          sql += " AND " + name + " > ?";
          bounds.add(c.from());
        }
      }
    }
    CopyIn copy = null;
    try {
      copy = to.getCopyAPI().copyIn(copyIn);
      long rows;
      try {
        rows =
            JdbcRows.copy(
                from,
                sql,
                source.columns(),
                cursorType,
                cursor != null && cursor.zoned(),
                bounds,
                copy);
      } catch (SQLException e) {
        throw new SourceFailure(e);
      }
      copy.endCopy();
      return rows;
    } catch (SQLException e) {
      throw SqlFailures.classify("copying into staging", e);
    } finally {
      if (copy != null && copy.isActive()) {
        try {
          copy.cancelCopy();
        } catch (SQLException ignored) {
          // the transaction rolls back anyway
        }
      }
    }
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

  /**
   * A read-only connection to the source: on the mesh's own server as the warehouse's own login;
   * elsewhere through the driver that accepts its URL, its secrets taken from the worker's
   * environment.
   */
  private Connection connect(JdbcSource jdbc, ProductId product) throws SQLException {
    Properties props = new Properties();
    if (jdbc.meshDatabase() != null) {
      Warehouse.Login login = warehouse.login().orElseThrow();
      props.setProperty("user", login.user());
      if (login.password() != null) props.setProperty("password", login.password());
    } else {
      if (jdbc.user() != null) props.setProperty("user", resolve(jdbc.user(), product));
      if (jdbc.password() != null) props.setProperty("password", resolve(jdbc.password(), product));
    }
    Connection c;
    if (jdbc.usesPostgres()) {
      props.setProperty("readOnly", "true");
      props.setProperty("connectTimeout", "10");
      props.setProperty("ApplicationName", "meshflow extract of " + product);
      // cursor values are printed and compared in UTC, whatever the server's own time zone
      props.setProperty("options", "-c TimeZone=UTC");
      c = DriverManager.getConnection(jdbc.url(), props);
    } else {
      Driver driver =
          JdbcDrivers.forUrl(jdbc.url(), environment.apply(JdbcDrivers.FOLDER_VARIABLE))
              .orElseThrow(
                  () ->
                      ApplicationFailure.newNonRetryableFailure(
                          "no JDBC driver for "
                              + jdbc.where()
                              + " where the worker of "
                              + product.domain()
                              + " runs: put the driver's jar in the folder "
                              + JdbcDrivers.FOLDER_VARIABLE
                              + " names ($MESHFLOW_HOME/drivers by default)",
                          "SourceDriverMissing"));
      c = driver.connect(jdbc.url(), props);
      if (c == null) throw new SQLException("the driver refused " + jdbc.where(), "08001");
    }
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
    if (state.equals("42P01") || state.equals("3F000") || state.equals("42S02")) {
      return ApplicationFailure.newNonRetryableFailure(
          "the source of " + product + " does not exist in " + jdbc.where() + ": " + message,
          "SourceNotFound");
    }
    if (state.equals("42703") || state.equals("42S22")) {
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
