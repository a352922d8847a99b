package io.meshflow.benchmarks;

import io.meshflow.contracts.model.Expectation;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workers.activities.ValidateActivitiesImpl;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.ValidateRequest;
import io.meshflow.workflows.activities.ValidateResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Measures a product's quality checks against the floor: one plain {@code SELECT count(*)} scan of
 * the same table, in the same run, on the same PostgreSQL. The table holds N deterministic
 * synthetic order rows with 10 columns.
 */
public final class CheckBenchmark {
  static final String TABLE = "\"meshflow_bench\".\"check_rows\"";

  /** What one run measured; times are medians. */
  public record Result(
      long rows,
      int checks,
      int statements,
      long scanMillis,
      long checksMillis,
      int uniquenessChecks,
      int uniquenessStatements,
      long uniquenessMillis) {
    public double ratio() {
      return (double) checksMillis / Math.max(1, scanMillis);
    }

    public double uniquenessRatio() {
      return (double) uniquenessMillis / Math.max(1, scanMillis);
    }
  }

  static final List<FieldSpec> FIELDS =
      List.of(
          field("id", FieldType.LONG),
          field("order_code", FieldType.STRING),
          field("customer", FieldType.STRING),
          field("status", FieldType.STRING),
          field("amount", FieldType.DECIMAL),
          field("quantity", FieldType.INTEGER),
          field("currency", FieldType.STRING),
          field("created_at", FieldType.TIMESTAMP),
          field("email", FieldType.STRING),
          field("score", FieldType.DOUBLE));

  /** Twelve checks that compile into the one scan. */
  static final List<QualityCheck> CHECKS =
      List.of(
          check(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL, "id", null, null),
          check(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL, "order_code", null, null),
          check(Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN, "amount", "0", "1000"),
          check(Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN, "quantity", "1", "20"),
          set("status", "created", "paid", "shipped", "delivered", "cancelled"),
          set("currency", "EUR", "USD", "GBP"),
          regex("email", "@"),
          check(Expectation.EXPECT_COLUMN_VALUE_LENGTHS_TO_BE_BETWEEN, "order_code", "12", "12"),
          check(Expectation.EXPECT_COLUMN_MIN_TO_BE_BETWEEN, "amount", "0", null),
          check(Expectation.EXPECT_COLUMN_MAX_TO_BE_BETWEEN, "score", null, "100"),
          check(Expectation.EXPECT_COLUMN_MEAN_TO_BE_BETWEEN, "quantity", "1", "20"),
          check(Expectation.EXPECT_COLUMN_SUM_TO_BE_BETWEEN, "amount", "0", null),
          check(Expectation.EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN, null, "1", null));

  static final List<QualityCheck> UNIQUENESS =
      List.of(
          check(Expectation.EXPECT_COLUMN_VALUES_TO_BE_UNIQUE, "id", null, null),
          QualityCheck.of(Expectation.EXPECT_COMPOUND_COLUMNS_TO_BE_UNIQUE, null)
              .columns(List.of(SqlIdentifier.of("order_code"), SqlIdentifier.of("currency")), true)
              .build());

  private final Warehouse warehouse;

  public CheckBenchmark(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  /** Builds the table (unless it already has {@code rows} rows), then measures. */
  public Result run(long rows, int repeats) {
    prepare(rows);
    ValidateActivitiesImpl validate = new ValidateActivitiesImpl(warehouse);
    ValidateRequest checks = new ValidateRequest(TABLE, FIELDS, CHECKS, 0, -1);
    List<QualityCheck> all = new ArrayList<>(CHECKS);
    all.addAll(UNIQUENESS);
    ValidateRequest withUniqueness = new ValidateRequest(TABLE, FIELDS, all, 0, -1);
    Supplier<Long> scan =
        () ->
            warehouse
                .jdbi()
                .withHandle(
                    h -> h.createQuery("SELECT count(*) FROM " + TABLE).mapTo(Long.class).one());
    // warm the cache and the plans once, then alternate so both see the same machine
    scan.get();
    ValidateResult result = validate.validate(checks);
    ValidateResult unique = validate.validate(withUniqueness);
    long[] scanTimes = new long[repeats];
    long[] checkTimes = new long[repeats];
    long[] uniqueTimes = new long[repeats];
    for (int i = 0; i < repeats; i++) {
      scanTimes[i] = time(scan::get);
      checkTimes[i] = time(() -> validate.validate(checks));
      uniqueTimes[i] = time(() -> validate.validate(withUniqueness));
    }
    if (result.outcomes().stream().anyMatch(o -> !o.success())) {
      throw new IllegalStateException("a benchmark check failed: " + result.outcomes());
    }
    return new Result(
        rows,
        CHECKS.size(),
        result.statements(),
        median(scanTimes),
        median(checkTimes),
        all.size(),
        unique.statements(),
        median(uniqueTimes));
  }

  private void prepare(long rows) {
    long existing =
        warehouse
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT CASE WHEN to_regclass('meshflow_bench.check_rows') IS NULL THEN -1"
                                + " ELSE (SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass('meshflow_bench.check_rows')) END")
                        .mapTo(Long.class)
                        .one());
    if (existing == rows) return;
    warehouse
        .jdbi()
        .useTransaction(
            h -> {
              h.execute("CREATE SCHEMA IF NOT EXISTS meshflow_bench");
              h.execute("DROP TABLE IF EXISTS " + TABLE);
              h.execute(
                  """
          CREATE TABLE %s AS
          SELECT i AS id,
                 'ORD-' || lpad(i::text, 8, '0') AS order_code,
                 'CUST-' || (i * 7919 %% 100000) AS customer,
                 (ARRAY['created', 'paid', 'shipped', 'delivered', 'cancelled'])[1 + i %% 5] AS status,
                 round(((i * 37) %% 100000) / 100.0, 2) AS amount,
                 CAST(1 + i %% 20 AS integer) AS quantity,
                 (ARRAY['EUR', 'USD', 'GBP'])[1 + i %% 3] AS currency,
                 timestamptz '2026-01-01 00:00:00+00' + (i %% 525600) * interval '1 minute' AS created_at,
                 'user' || (i %% 100000) || '@example.com' AS email,
                 CAST((i %% 1000) / 10.0 AS double precision) AS score
          FROM generate_series(CAST(1 AS bigint), %d) AS i
          """
                      .formatted(TABLE, rows));
            });
    warehouse.jdbi().useHandle(h -> h.execute("VACUUM ANALYZE " + TABLE));
  }

  private static long time(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static FieldSpec field(String name, FieldType type) {
    return new FieldSpec(SqlIdentifier.of(name), type, null, false, true, false, null);
  }

  private static QualityCheck check(Expectation e, String column, String min, String max) {
    return QualityCheck.of(e, column == null ? null : SqlIdentifier.of(column))
        .between(min, max)
        .build();
  }

  private static QualityCheck set(String column, String... values) {
    return QualityCheck.of(Expectation.EXPECT_COLUMN_VALUES_TO_BE_IN_SET, SqlIdentifier.of(column))
        .name("in_set(" + column + ")")
        .valueSet(List.of(values))
        .build();
  }

  private static QualityCheck regex(String column, String regex) {
    return QualityCheck.of(
            Expectation.EXPECT_COLUMN_VALUES_TO_MATCH_REGEX, SqlIdentifier.of(column))
        .name("regex(" + column + ")")
        .regex(regex)
        .build();
  }
}
