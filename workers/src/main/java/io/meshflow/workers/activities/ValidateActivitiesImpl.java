package io.meshflow.workers.activities;

import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.workers.quality.CheckEvaluator;
import io.meshflow.workers.quality.CheckEvaluator.Measurements;
import io.meshflow.workers.quality.QualityCheckCompiler;
import io.meshflow.workers.quality.QualityCheckCompiler.Compiled;
import io.meshflow.workers.quality.QualityCheckCompiler.MapPlan;
import io.meshflow.workers.quality.QualityCheckCompiler.Plan;
import io.meshflow.workers.quality.QualityCheckCompiler.Predicate;
import io.meshflow.workers.quality.QualityCheckCompiler.SqlPlan;
import io.meshflow.workers.quality.QualityCheckCompiler.Statement;
import io.meshflow.workers.quality.QualityCheckCompiler.UniquePlan;
import io.meshflow.workers.sql.ProductTableDdl;
import io.meshflow.workers.sql.SqlFailures;
import io.meshflow.workers.sql.UserSql;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.ValidateActivities;
import io.meshflow.workflows.activities.ValidateRequest;
import io.meshflow.workflows.activities.ValidateResult;
import io.meshflow.workflows.run.CheckOutcome;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Measures every check with the compiled statements in one read-only transaction (a contract's
 * {@code sql} check cannot change data), then fetches example failing rows, masked as they would be
 * published, for each failed row-level check.
 */
public class ValidateActivitiesImpl implements ValidateActivities {
  /** Longest JSON kept for one example row. */
  private static final int MAX_ROW_CHARS = 2000;

  private final Warehouse warehouse;

  public ValidateActivitiesImpl(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  /** What checking a table found: its rows, and each check's outcome in the contract's order. */
  record Checked(long rows, List<CheckOutcome> outcomes) {}

  @Override
  public ValidateResult validate(ValidateRequest request) {
    String table = request.table();
    Compiled all =
        new QualityCheckCompiler()
            .compile(table, request.fields(), request.checks(), started(request));
    Warehouse.Timed<Checked> timed =
        warehouse.timedTransaction(
            "checking " + table,
            h -> {
              h.execute("SET TRANSACTION READ ONLY");
              if (request.expectedRows() >= 0
                  && !h.createQuery("SELECT to_regclass(:t) IS NOT NULL")
                      .bind("t", table)
                      .mapTo(Boolean.class)
                      .one()) {
                throw SqlFailures.stagingLost(table + " is gone");
              }
              return check(h, request);
            });
    return new ValidateResult(
        timed.value().outcomes(), timed.value().rows(), all.statements(), timed.millis());
  }

  private static java.time.Instant started(ValidateRequest request) {
    return request.runStartedAtMillis() > 0
        ? java.time.Instant.ofEpochMilli(request.runStartedAtMillis())
        : null;
  }

  /**
   * Measures the request's checks on its table inside the caller's transaction {@code h}: the
   * validate step's, or the publish's, which checks an incremental product's merged table before it
   * commits. A check whose SQL cannot run is recorded as errored.
   */
  static Checked check(Handle h, ValidateRequest request) throws SQLException {
    QualityCheckCompiler compiler = new QualityCheckCompiler();
    String table = request.table();
    java.time.Instant started = started(request);
    Compiled all = compiler.compile(table, request.fields(), request.checks(), started);
    // bounds are bound values: plan with them, so casts fold into constants once instead of
    // running for every row as in a generic plan
    h.execute("SET LOCAL plan_cache_mode = force_custom_plan");
    // all checks in their few statements; when one of those cannot run, each check alone, to
    // tell the checks that cannot run from those that can
    Map<QualityCheck, String> errors = new LinkedHashMap<>();
    Compiled compiled = all;
    Attempt first = attempt(h, () -> measure(h, all, request));
    Measurements measured = first.measured();
    if (measured == null) {
      for (QualityCheck check : request.checks()) {
        Compiled alone = compiler.compile(table, request.fields(), List.of(check), started);
        String error = attempt(h, () -> measure(h, alone, request)).error();
        if (error != null) errors.put(check, error);
      }
      List<QualityCheck> runnable =
          request.checks().stream().filter(c -> !errors.containsKey(c)).toList();
      compiled = compiler.compile(table, request.fields(), runnable, started);
      Compiled remaining = compiled;
      measured = measure(h, remaining, request);
    }
    long rows = ((Number) measured.scan()[0]).longValue();
    List<CheckOutcome> outcomes = new ArrayList<>();
    java.util.Iterator<Plan> plans = compiled.plans().iterator();
    for (QualityCheck check : request.checks()) {
      String error = errors.get(check);
      if (error != null) {
        outcomes.add(
            CheckOutcome.errored(
                check.name(),
                check.expectation().contractName(),
                check.column() == null ? null : check.column().value(),
                check.severity(),
                check.name(),
                error));
        continue;
      }
      Plan plan = plans.next();
      CheckOutcome outcome = CheckEvaluator.evaluate(plan, measured);
      Predicate failing = failing(plan);
      if (!outcome.success() && failing != null && request.evidenceRows() > 0) {
        outcome = outcome.withFailingRows(examples(h, request, failing));
      }
      outcomes.add(outcome);
    }
    return new Checked(rows, outcomes);
  }

  /** Runs the compiled statements and reads what they measured. */
  private static Measurements measure(Handle h, Compiled compiled, ValidateRequest request)
      throws SQLException {
    String table = request.table();
    Object[] scan = row(h, compiled.scan());
    long rows = ((Number) scan[0]).longValue();
    if (request.expectedRows() >= 0 && rows != request.expectedRows()) {
      // the scan counts the rows anyway: checking them costs nothing more
      throw SqlFailures.stagingLost(
          table
              + " holds "
              + rows
              + " rows, not the "
              + request.expectedRows()
              + " the transform step wrote");
    }
    List<Object[]> groupings = new ArrayList<>();
    for (Statement grouping : compiled.groupings()) groupings.add(row(h, grouping));
    Map<String, String> columns = compiled.needsSchema() ? columns(h, table) : Map.of();
    Map<String, Object> sqlResults = new HashMap<>();
    for (Plan plan : compiled.plans()) {
      if (plan instanceof SqlPlan sql) {
        UserSql.requireOneStatement(
            sql.statement().sql(), "the query of check '" + sql.check().name() + "'");
        sqlResults.put(sql.check().name(), first(h, sql.statement()));
      }
    }
    return new Measurements(scan, groupings, columns, sqlResults);
  }

  /** Something measured in the transaction, which may fail for a reason of the checks' own. */
  @FunctionalInterface
  private interface Measure {
    Measurements run() throws SQLException;
  }

  /** What a measurement gave: its measurements, or why a check's SQL could not run. */
  private record Attempt(Measurements measured, String error) {}

  /**
   * Runs {@code measure} behind a savepoint; an error of a check's own SQL rolls back to it and is
   * returned, any other failure propagates.
   */
  private static Attempt attempt(Handle h, Measure measure) throws SQLException {
    h.execute("SAVEPOINT mf_checks");
    try {
      Measurements m = measure.run();
      h.execute("RELEASE SAVEPOINT mf_checks");
      return new Attempt(m, null);
    } catch (RuntimeException e) {
      String error = checkError(e);
      if (error == null) throw e;
      h.execute("ROLLBACK TO SAVEPOINT mf_checks");
      return new Attempt(null, error);
    }
  }

  /**
   * PostgreSQL's message when {@code e} is an error of a check's own SQL — a value that does not
   * cast, a pattern PostgreSQL's engine refuses, an operator a type lacks — as opposed to a lost
   * connection or a lost staging table, which stay failures of the step; else null.
   */
  private static String checkError(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.postgresql.util.PSQLException p && p.getSQLState() != null) {
        String state = p.getSQLState();
        if (state.startsWith("22") || state.startsWith("42") || state.startsWith("0A")) {
          return p.getServerErrorMessage() != null
              ? p.getServerErrorMessage().getMessage()
              : p.getMessage();
        }
        return null;
      }
    }
    return null;
  }

  private static Predicate failing(Plan plan) {
    if (plan instanceof MapPlan map) return map.failing();
    if (plan instanceof UniquePlan unique) return unique.failing();
    return null;
  }

  private static Object[] row(Handle h, Statement s) {
    Query q = h.createQuery(s.sql());
    for (int i = 0; i < s.binds().size(); i++) q.bind(i, s.binds().get(i));
    return q.map(
            (rs, ctx) -> {
              Object[] row = new Object[rs.getMetaData().getColumnCount()];
              for (int i = 0; i < row.length; i++) row[i] = rs.getObject(i + 1);
              return row;
            })
        .one();
  }

  /** The first column of the first row a contract's query returns, or null. */
  private static Object first(Handle h, Statement s) {
    return h.createQuery(s.sql()).map((rs, ctx) -> rs.getObject(1)).findFirst().orElse(null);
  }

  private static Map<String, String> columns(Handle h, String table) {
    Map<String, String> columns = new LinkedHashMap<>();
    h.createQuery(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = to_regclass(:t) AND attnum > 0 AND NOT attisdropped ORDER BY attnum")
        .bind("t", table)
        .map((rs, ctx) -> columns.put(rs.getString(1), rs.getString(2)))
        .list();
    return columns;
  }

  /** Up to N failing rows as JSON, PII masked exactly as publishing would mask it. */
  private static List<String> examples(Handle h, ValidateRequest request, Predicate failing) {
    Query q =
        h.createQuery(
            "SELECT CAST(to_jsonb(mf_row.*) AS text) FROM (SELECT "
                + ProductTableDdl.maskedColumns(request.fields())
                + " FROM "
                + request.table()
                + " WHERE "
                + failing.sql()
                + " LIMIT ?) AS mf_row");
    int i = 0;
    for (String bind : failing.binds()) q.bind(i++, bind);
    q.bind(i, request.evidenceRows());
    return q.mapTo(String.class).list().stream()
        .map(json -> json.length() <= MAX_ROW_CHARS ? json : json.substring(0, MAX_ROW_CHARS) + "…")
        .toList();
  }
}
