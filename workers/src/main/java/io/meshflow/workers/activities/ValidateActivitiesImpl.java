package io.meshflow.workers.activities;

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
  private final QualityCheckCompiler compiler = new QualityCheckCompiler();

  public ValidateActivitiesImpl(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  private record Checked(long rows, List<CheckOutcome> outcomes) {}

  @Override
  public ValidateResult validate(ValidateRequest request) {
    String table = request.table();
    Compiled compiled = compiler.compile(table, request.fields(), request.checks());
    Warehouse.Timed<Checked> timed =
        warehouse.timedTransaction(
            "checking " + table,
            h -> {
              h.execute("SET TRANSACTION READ ONLY");
              // bounds are bound values: plan with them, so casts fold into constants once
              // instead of running for every row as in a generic plan
              h.execute("SET LOCAL plan_cache_mode = force_custom_plan");
              if (request.expectedRows() >= 0
                  && !h.createQuery("SELECT to_regclass(:t) IS NOT NULL")
                      .bind("t", table)
                      .mapTo(Boolean.class)
                      .one()) {
                throw SqlFailures.stagingLost(table + " is gone");
              }
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
              Object[] grouping = compiled.grouping() == null ? null : row(h, compiled.grouping());
              Map<String, String> columns = compiled.needsSchema() ? columns(h, table) : Map.of();
              Map<String, Object> sqlResults = new HashMap<>();
              for (Plan plan : compiled.plans()) {
                if (plan instanceof SqlPlan sql) {
                  UserSql.requireOneStatement(
                      sql.statement().sql(), "the query of check '" + sql.check().name() + "'");
                  sqlResults.put(sql.check().name(), first(h, sql.statement()));
                }
              }
              Measurements measured = new Measurements(scan, grouping, columns, sqlResults);
              List<CheckOutcome> outcomes = new ArrayList<>();
              for (Plan plan : compiled.plans()) {
                CheckOutcome outcome = CheckEvaluator.evaluate(plan, measured);
                Predicate failing = failing(plan);
                if (!outcome.success() && failing != null && request.evidenceRows() > 0) {
                  outcome = outcome.withFailingRows(examples(h, request, failing));
                }
                outcomes.add(outcome);
              }
              return new Checked(rows, outcomes);
            });
    return new ValidateResult(
        timed.value().outcomes(), timed.value().rows(), compiled.statements(), timed.millis());
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
            "SELECT CAST(to_jsonb(e) AS text) FROM (SELECT "
                + ProductTableDdl.maskedColumns(request.fields())
                + " FROM "
                + request.table()
                + " WHERE "
                + failing.sql()
                + " LIMIT ?) AS e");
    int i = 0;
    for (String bind : failing.binds()) q.bind(i++, bind);
    q.bind(i, request.evidenceRows());
    return q.mapTo(String.class).list().stream()
        .map(json -> json.length() <= MAX_ROW_CHARS ? json : json.substring(0, MAX_ROW_CHARS) + "…")
        .toList();
  }
}
