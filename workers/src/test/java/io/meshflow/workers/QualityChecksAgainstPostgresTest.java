package io.meshflow.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.model.Expectation;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.Masking;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.contracts.model.SqlComparison;
import io.meshflow.contracts.model.SqlComparison.Operator;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workers.activities.ValidateActivitiesImpl;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.ValidateRequest;
import io.meshflow.workflows.activities.ValidateResult;
import io.meshflow.workflows.run.CheckOutcome;
import io.temporal.failure.ApplicationFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every expectation on real PostgreSQL, passing and failing, with Great Expectations' counting:
 * nulls are not considered (except by the null checks), success is (considered − unexpected) /
 * considered ≥ threshold, and an empty table passes row-by-row checks vacuously.
 */
class QualityChecksAgainstPostgresTest {
  static EmbeddedPostgres postgres;
  static Warehouse warehouse;

  static final List<FieldSpec> FIELDS =
      List.of(
          field("id", FieldType.LONG, null),
          field("code", FieldType.STRING, null),
          field("price", FieldType.DECIMAL, null),
          field("seen_at", FieldType.TIMESTAMP, null),
          field("line", FieldType.INTEGER, null),
          field("note", FieldType.STRING, null));

  static FieldSpec field(String name, FieldType type, Masking masking) {
    return new FieldSpec(SqlIdentifier.of(name), type, null, false, true, masking != null, masking);
  }

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
    warehouse = new Warehouse(postgres.getPostgresDatabase());
    warehouse
        .jdbi()
        .useHandle(
            h -> {
              String columns =
                  "(id bigint, code text, price numeric, seen_at timestamptz, line integer, note text)";
              h.execute("CREATE TABLE t " + columns);
              h.execute("CREATE TABLE empty_t " + columns);
              // 10 rows: id 1..9 and a null; codes AB-1..AB-7, zz twice and a null; prices 0..90;
              // newest seen_at two hours ago; (code, line) repeats once: (zz, 1); note always null
              h.execute(
                  """
          INSERT INTO t (id, code, price, seen_at, line)
          SELECT CASE WHEN i < 10 THEN i END,
                 CASE WHEN i <= 7 THEN 'AB-' || i WHEN i < 10 THEN 'zz' END,
                 (i - 1) * 10,
                 now() - interval '2 hours' - (i - 1) * interval '1 hour',
                 CASE WHEN i IN (8, 9) THEN 1 ELSE i END
          FROM generate_series(1, 10) AS i
          """);
            });
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  // ---- building checks -------------------------------------------------------------------

  static QualityCheck check(Expectation e, String column) {
    return check(e, column, 1.0);
  }

  static QualityCheck.Builder on(Expectation e, String column) {
    return QualityCheck.of(e, column == null ? null : SqlIdentifier.of(column))
        .name(e.contractName());
  }

  static QualityCheck check(Expectation e, String column, double threshold) {
    return on(e, column).threshold(threshold).build();
  }

  static QualityCheck bounded(Expectation e, String column, String min, String max) {
    return bounded(e, column, min, max, false, false);
  }

  static QualityCheck bounded(
      Expectation e, String column, String min, String max, boolean strictMin, boolean strictMax) {
    return on(e, column).between(min, max).strict(strictMin, strictMax).build();
  }

  static QualityCheck set(Expectation e, String column, String... values) {
    return on(e, column).valueSet(List.of(values)).build();
  }

  static QualityCheck regex(Expectation e, String column, String regex, double threshold) {
    return on(e, column).regex(regex).threshold(threshold).build();
  }

  static QualityCheck columns(Expectation e, boolean exact, String... names) {
    return on(e, null).columns(Arrays.stream(names).map(SqlIdentifier::of).toList(), exact).build();
  }

  static QualityCheck other(
      Expectation e, String column, String value, String type, long maxAgeSeconds) {
    return on(e, column).value(value).typeName(type).maxAgeSeconds(maxAgeSeconds).build();
  }

  static QualityCheck sql(String name, String query, Operator op, String value, String upper) {
    return QualityCheck.of(Expectation.SQL, null)
        .name(name)
        .query(
            query,
            new SqlComparison(
                op, new BigDecimal(value), upper == null ? null : new BigDecimal(upper)))
        .build();
  }

  static ValidateResult validate(String table, List<FieldSpec> fields, QualityCheck... checks) {
    return new ValidateActivitiesImpl(warehouse)
        .validate(new ValidateRequest(table, fields, List.of(checks), 20, -1));
  }

  static CheckOutcome one(QualityCheck check) {
    return validate("t", FIELDS, check).outcomes().get(0);
  }

  static void passes(QualityCheck check) {
    CheckOutcome o = one(check);
    assertThat(o.success())
        .as(o.name() + ": " + o.observed() + "; expected " + o.expected())
        .isTrue();
  }

  // ---- row by row --------------------------------------------------------------------------

  @Test
  void notNullConsidersEveryRowAndPassesExactlyAtItsThreshold() {
    CheckOutcome strict = one(check(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL, "id"));
    assertThat(strict.success()).isFalse();
    assertThat(strict.elementCount()).isEqualTo(10L);
    assertThat(strict.unexpectedCount()).isEqualTo(1L);
    assertThat(strict.unexpectedPercent()).isEqualTo(10.0);
    assertThat(strict.observed()).isEqualTo("1 of 10 values are null (10%)");
    assertThat(strict.expected()).isEqualTo("all values not null");
    assertThat(one(check(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL, "id", 0.9)).success())
        .isTrue();
    assertThat(one(check(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL, "id", 0.91)).success())
        .isFalse();
  }

  @Test
  void toBeNullCountsTheValuesThatArePresent() {
    passes(check(Expectation.EXPECT_COLUMN_VALUES_TO_BE_NULL, "note"));
    CheckOutcome prices = one(check(Expectation.EXPECT_COLUMN_VALUES_TO_BE_NULL, "price"));
    assertThat(prices.success()).isFalse();
    assertThat(prices.observed()).isEqualTo("10 of 10 values are not null (100%)");
  }

  @Test
  void betweenIsInclusiveUnlessStrictAndIgnoresNulls() {
    CheckOutcome inclusive =
        one(bounded(Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN, "price", "0", "90"));
    assertThat(inclusive.success()).isTrue();
    assertThat(inclusive.elementCount()).isEqualTo(10L);
    assertThat(inclusive.unexpectedCount()).isZero();

    CheckOutcome strict =
        one(
            bounded(
                Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN, "price", "0", "90", true, true));
    assertThat(strict.success()).isFalse();
    assertThat(strict.unexpectedCount()).isEqualTo(2L);
    assertThat(strict.observed()).isEqualTo("2 of 10 values are outside (0, 90) (20%)");

    CheckOutcome ids =
        one(bounded(Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN, "id", "2", null));
    assertThat(ids.elementCount()).isEqualTo(9L);
    assertThat(ids.unexpectedCount()).isEqualTo(1L);
    assertThat(ids.expected()).isEqualTo("all values within [2, +∞)");
  }

  @Test
  void setsBindTheirValuesAsTheColumnsType() {
    CheckOutcome numbers =
        one(
            set(
                Expectation.EXPECT_COLUMN_VALUES_TO_BE_IN_SET,
                "id",
                "1",
                "2",
                "3",
                "4",
                "5",
                "6",
                "7",
                "8"));
    assertThat(numbers.success()).isFalse();
    assertThat(numbers.elementCount()).isEqualTo(9L);
    assertThat(numbers.unexpectedCount()).isEqualTo(1L);
    passes(
        set(
            Expectation.EXPECT_COLUMN_VALUES_TO_BE_IN_SET,
            "id",
            "1",
            "2",
            "3",
            "4",
            "5",
            "6",
            "7",
            "8",
            "9"));
    assertThat(
            one(set(Expectation.EXPECT_COLUMN_VALUES_TO_BE_IN_SET, "code", "it's", "zz"))
                .unexpectedCount())
        .isEqualTo(7L);

    CheckOutcome notIn = one(set(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_IN_SET, "code", "zz"));
    assertThat(notIn.success()).isFalse();
    assertThat(notIn.observed()).isEqualTo("2 of 9 values are in [zz] (22.222%)");
    passes(set(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_IN_SET, "code", "qq"));
  }

  @Test
  void regexesCountMatchingOrNonMatchingValuesWithAThreshold() {
    CheckOutcome strict =
        one(regex(Expectation.EXPECT_COLUMN_VALUES_TO_MATCH_REGEX, "code", "^AB-[0-9]$", 1.0));
    assertThat(strict.success()).isFalse();
    assertThat(strict.unexpectedCount()).isEqualTo(2L);
    assertThat(strict.elementCount()).isEqualTo(9L);
    passes(regex(Expectation.EXPECT_COLUMN_VALUES_TO_MATCH_REGEX, "code", "^AB-[0-9]$", 7.0 / 9.0));
    assertThat(
            one(regex(Expectation.EXPECT_COLUMN_VALUES_TO_MATCH_REGEX, "code", "^AB-[0-9]$", 0.78))
                .success())
        .isFalse();

    CheckOutcome not =
        one(regex(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_MATCH_REGEX, "code", "^zz$", 1.0));
    assertThat(not.success()).isFalse();
    assertThat(not.observed()).isEqualTo("2 of 9 values match /^zz$/ (22.222%)");
    passes(regex(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_MATCH_REGEX, "code", "^q", 1.0));
  }

  @Test
  void valueLengthsAreCountedInCharacters() {
    CheckOutcome tooShort =
        one(bounded(Expectation.EXPECT_COLUMN_VALUE_LENGTHS_TO_BE_BETWEEN, "code", "3", "4"));
    assertThat(tooShort.success()).isFalse();
    assertThat(tooShort.observed())
        .isEqualTo("2 of 9 values have a length outside [3, 4] (22.222%)");
    passes(bounded(Expectation.EXPECT_COLUMN_VALUE_LENGTHS_TO_BE_BETWEEN, "code", "2", "4"));
  }

  @Test
  void uniquenessCountsEveryRowOfADuplicatedValueOrCombination() {
    CheckOutcome codes = one(check(Expectation.EXPECT_COLUMN_VALUES_TO_BE_UNIQUE, "code"));
    assertThat(codes.success()).isFalse();
    assertThat(codes.elementCount()).isEqualTo(9L);
    assertThat(codes.unexpectedCount()).isEqualTo(2L);
    assertThat(codes.observed()).isEqualTo("2 of 9 values are duplicates (22.222%)");
    passes(check(Expectation.EXPECT_COLUMN_VALUES_TO_BE_UNIQUE, "id"));

    CheckOutcome pairs =
        one(columns(Expectation.EXPECT_COMPOUND_COLUMNS_TO_BE_UNIQUE, true, "code", "line"));
    assertThat(pairs.success()).isFalse();
    assertThat(pairs.elementCount()).isEqualTo(10L);
    assertThat(pairs.unexpectedCount()).isEqualTo(2L);
    passes(columns(Expectation.EXPECT_COMPOUND_COLUMNS_TO_BE_UNIQUE, true, "id", "line"));
  }

  // ---- aggregates --------------------------------------------------------------------------

  @Test
  void columnAggregatesAreComparedWithTheirBounds() {
    passes(bounded(Expectation.EXPECT_COLUMN_MIN_TO_BE_BETWEEN, "price", "0", null));
    CheckOutcome min =
        one(bounded(Expectation.EXPECT_COLUMN_MIN_TO_BE_BETWEEN, "price", "1", null));
    assertThat(min.success()).isFalse();
    assertThat(min.observed()).isEqualTo("min 0");
    assertThat(min.expected()).isEqualTo("min within [1, +∞)");

    passes(bounded(Expectation.EXPECT_COLUMN_MAX_TO_BE_BETWEEN, "price", null, "90"));
    assertThat(
            one(bounded(
                    Expectation.EXPECT_COLUMN_MAX_TO_BE_BETWEEN, "price", null, "90", false, true))
                .observed())
        .isEqualTo("max 90");
    assertThat(
            one(bounded(
                    Expectation.EXPECT_COLUMN_MAX_TO_BE_BETWEEN, "price", null, "90", false, true))
                .success())
        .isFalse();

    passes(bounded(Expectation.EXPECT_COLUMN_MEAN_TO_BE_BETWEEN, "price", "40", "50"));
    CheckOutcome mean =
        one(bounded(Expectation.EXPECT_COLUMN_MEAN_TO_BE_BETWEEN, "price", "46", "50"));
    assertThat(mean.success()).isFalse();
    assertThat(mean.observed()).isEqualTo("mean 45");

    passes(bounded(Expectation.EXPECT_COLUMN_SUM_TO_BE_BETWEEN, "price", "450", "450"));
    CheckOutcome sum =
        one(bounded(Expectation.EXPECT_COLUMN_SUM_TO_BE_BETWEEN, "price", null, "449"));
    assertThat(sum.success()).isFalse();
    assertThat(sum.observed()).isEqualTo("sum 450");
    assertThat(sum.unexpectedCount()).isNull();
  }

  @Test
  void rowCountIsComparedWithBoundsOrAnExactValue() {
    CheckOutcome ok =
        one(bounded(Expectation.EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN, null, "10", "10"));
    assertThat(ok.success()).isTrue();
    assertThat(ok.observed()).isEqualTo("row count 10");
    assertThat(
            one(bounded(Expectation.EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN, null, "11", null))
                .success())
        .isFalse();
    passes(other(Expectation.EXPECT_TABLE_ROW_COUNT_TO_EQUAL, null, "10", null, 0));
    CheckOutcome equal =
        one(other(Expectation.EXPECT_TABLE_ROW_COUNT_TO_EQUAL, null, "11", null, 0));
    assertThat(equal.success()).isFalse();
    assertThat(equal.expected()).isEqualTo("row count 11");
  }

  @Test
  void freshnessComparesTheNewestValuesAgeWithTheMaximum() {
    passes(other(Expectation.FRESHNESS, "seen_at", null, null, 3 * 3600));
    CheckOutcome stale = one(other(Expectation.FRESHNESS, "seen_at", null, null, 3600));
    assertThat(stale.success()).isFalse();
    assertThat(stale.observed()).matches("newest value \\S+ \\S+ \\(2h 0m old\\)");
    assertThat(stale.expected()).isEqualTo("newest value at most 1h old");
  }

  // ---- schema ------------------------------------------------------------------------------

  @Test
  void columnTypesAreComparedByContractOrPostgresName() {
    passes(other(Expectation.EXPECT_COLUMN_VALUES_TO_BE_OF_TYPE, "price", null, "decimal", 0));
    passes(
        other(
            Expectation.EXPECT_COLUMN_VALUES_TO_BE_OF_TYPE,
            "seen_at",
            null,
            "timestamp with time zone",
            0));
    CheckOutcome wrong =
        one(other(Expectation.EXPECT_COLUMN_VALUES_TO_BE_OF_TYPE, "price", null, "integer", 0));
    assertThat(wrong.success()).isFalse();
    assertThat(wrong.observed()).isEqualTo("type numeric");
    assertThat(wrong.expected()).isEqualTo("type integer");
  }

  @Test
  void tableColumnsMatchASetOrAnOrderedList() {
    passes(
        columns(
            Expectation.EXPECT_TABLE_COLUMNS_TO_MATCH_SET,
            true,
            "note",
            "line",
            "seen_at",
            "price",
            "code",
            "id"));
    passes(columns(Expectation.EXPECT_TABLE_COLUMNS_TO_MATCH_SET, false, "id", "code"));
    CheckOutcome exact =
        one(columns(Expectation.EXPECT_TABLE_COLUMNS_TO_MATCH_SET, true, "id", "code", "sku"));
    assertThat(exact.success()).isFalse();
    assertThat(exact.observed())
        .isEqualTo(
            "columns [id, code, price, seen_at, line, note]: missing [sku], unexpected [price, seen_at, line, note]");
    passes(
        columns(
            Expectation.EXPECT_TABLE_COLUMNS_TO_MATCH_ORDERED_LIST,
            true,
            "id",
            "code",
            "price",
            "seen_at",
            "line",
            "note"));
    assertThat(
            one(columns(
                    Expectation.EXPECT_TABLE_COLUMNS_TO_MATCH_ORDERED_LIST,
                    true,
                    "code",
                    "id",
                    "price",
                    "seen_at",
                    "line",
                    "note"))
                .success())
        .isFalse();
  }

  // ---- sql ---------------------------------------------------------------------------------

  @Test
  void sqlChecksCompareTheirQuerysResult() {
    String expensive = "SELECT count(*) FROM {{ this }} WHERE price > 85";
    passes(sql("one_expensive", expensive, Operator.MUST_BE, "1", null));
    passes(sql("few_expensive", expensive, Operator.MUST_BE_BETWEEN, "0", "5"));
    CheckOutcome none = one(sql("no_expensive", expensive, Operator.MUST_BE_LESS_THAN, "1", null));
    assertThat(none.success()).isFalse();
    assertThat(none.observed()).isEqualTo("result 1");
    assertThat(none.expected()).isEqualTo("result < 1");
    assertThat(
            one(sql(
                    "empty",
                    "SELECT max(id) FROM {{ this }} WHERE false",
                    Operator.MUST_BE,
                    "0",
                    null))
                .observed())
        .isEqualTo("the query returned no value");
  }

  @Test
  void sqlCheckCannotChangeTheTable() {
    CheckOutcome outcome =
        one(sql("sneaky", "DELETE FROM {{ this }} RETURNING 1", Operator.MUST_BE, "1", null));
    // nested in Meshflow's own SELECT, a DELETE is not even SQL: the check could not run, and at
    // severity error that stops the run
    assertThat(outcome.error()).isEqualTo("syntax error at or near \"FROM\"");
    assertThat(outcome.blocksPublish()).isTrue();
    long rows =
        warehouse
            .jdbi()
            .withHandle(h -> h.createQuery("SELECT count(*) FROM t").mapTo(Long.class).one());
    assertThat(rows).isEqualTo(10L);
  }

  @Test
  void sqlCheckCannotCommitItsWayOutOfTheReadOnlyTransaction() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                one(
                    sql(
                        "escape",
                        "SELECT 1) AS q; COMMIT; DROP TABLE t; SELECT * FROM (SELECT 0",
                        Operator.MUST_BE,
                        "0",
                        null)));
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "the query of check 'escape' must be a single query, but a ';' outside its"
                + " parentheses makes it 4 statements; nothing was run");
    long rows =
        warehouse
            .jdbi()
            .withHandle(h -> h.createQuery("SELECT count(*) FROM t").mapTo(Long.class).one());
    assertThat(rows).isEqualTo(10L);
  }

  // ---- evidence, empty tables, compilation -------------------------------------------------

  @Test
  void failedRowChecksKeepExampleRowsWithPiiMaskedAsPublished() {
    List<FieldSpec> masked =
        List.of(
            FIELDS.get(0),
            field("code", FieldType.STRING, Masking.HASH),
            FIELDS.get(2),
            FIELDS.get(3),
            FIELDS.get(4),
            field("note", FieldType.STRING, Masking.REDACT));
    ValidateResult result =
        validate(
            "t",
            masked,
            bounded(Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN, "price", null, "70"),
            check(Expectation.EXPECT_COLUMN_VALUES_TO_BE_UNIQUE, "code"),
            check(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL, "price"));
    List<String> expensive = result.outcomes().get(0).failingRows();
    assertThat(expensive).hasSize(2);
    assertThat(expensive)
        .containsExactly(
            "{\"id\": 9, \"code\": \""
                + ActivitiesAgainstPostgresTest.sha256hex("zz")
                + "\", \"line\": 1, \"note\": null, \"price\": 80, \"seen_at\": \""
                + seenAt(9)
                + "\"}",
            "{\"id\": null, \"code\": null, \"line\": 10, \"note\": null, \"price\": 90, \"seen_at\": \""
                + seenAt(10)
                + "\"}");
    assertThat(result.outcomes().get(1).failingRows())
        .hasSize(2)
        .allSatisfy(json -> assertThat(json).contains("\"line\": 1"));
    assertThat(result.outcomes().get(2).failingRows()).isEmpty();
  }

  @Test
  void duplicatedCompoundKeysWithANullPartAreCountedAndShown() {
    // note is always null, so (note, line) repeats wherever line does: line 1 in rows 1, 8 and 9
    CheckOutcome pairs =
        validate(
                "t",
                FIELDS,
                columns(Expectation.EXPECT_COMPOUND_COLUMNS_TO_BE_UNIQUE, true, "note", "line"))
            .outcomes()
            .get(0);
    assertThat(pairs.unexpectedCount()).isEqualTo(3L);
    assertThat(pairs.failingRows())
        .hasSize(3)
        .allSatisfy(json -> assertThat(json).contains("\"line\": 1,"));
  }

  @Test
  void emptyTablePassesRowChecksVacuouslyButNotAggregates() {
    ValidateResult result =
        validate(
            "empty_t",
            FIELDS,
            check(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL, "id"),
            check(Expectation.EXPECT_COLUMN_VALUES_TO_BE_UNIQUE, "code"),
            bounded(Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN, "price", "0", "1"),
            bounded(Expectation.EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN, null, "1", null),
            bounded(Expectation.EXPECT_COLUMN_MIN_TO_BE_BETWEEN, "price", "0", null),
            other(Expectation.FRESHNESS, "seen_at", null, null, 60));
    assertThat(result.outcomes())
        .extracting(CheckOutcome::success)
        .containsExactly(true, true, true, false, false, false);
    assertThat(result.outcomes())
        .extracting(CheckOutcome::observed)
        .containsExactly(
            "0 of 0 values are null (0%)",
            "0 of 0 values are duplicates (0%)",
            "0 of 0 values are outside [0, 1] (0%)",
            "row count 0",
            "min of no values",
            "no values");
  }

  @Test
  void allChecksOfAProductScanTheTableTwiceAtMost() {
    QualityCheck[] everyKind = {
      check(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL, "code", 0.5),
      check(Expectation.EXPECT_COLUMN_VALUES_TO_BE_NULL, "note"),
      bounded(Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN, "price", "0", "100"),
      set(
          Expectation.EXPECT_COLUMN_VALUES_TO_BE_IN_SET,
          "line",
          "1",
          "2",
          "3",
          "4",
          "5",
          "6",
          "7",
          "10"),
      set(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_IN_SET, "code", "xx"),
      regex(Expectation.EXPECT_COLUMN_VALUES_TO_MATCH_REGEX, "code", "^[A-Za-z]", 1.0),
      regex(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_MATCH_REGEX, "code", "^x", 1.0),
      bounded(Expectation.EXPECT_COLUMN_VALUE_LENGTHS_TO_BE_BETWEEN, "code", "1", "10"),
      check(Expectation.EXPECT_COLUMN_VALUES_TO_BE_UNIQUE, "id"),
      columns(Expectation.EXPECT_COMPOUND_COLUMNS_TO_BE_UNIQUE, true, "id", "line"),
      bounded(Expectation.EXPECT_COLUMN_MIN_TO_BE_BETWEEN, "price", "0", null),
      bounded(Expectation.EXPECT_COLUMN_MAX_TO_BE_BETWEEN, "price", null, "100"),
      bounded(Expectation.EXPECT_COLUMN_MEAN_TO_BE_BETWEEN, "price", "0", "100"),
      bounded(Expectation.EXPECT_COLUMN_SUM_TO_BE_BETWEEN, "price", "0", null),
      bounded(Expectation.EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN, null, "1", null),
      other(Expectation.EXPECT_TABLE_ROW_COUNT_TO_EQUAL, null, "10", null, 0),
      other(Expectation.FRESHNESS, "seen_at", null, null, 86400),
      other(Expectation.EXPECT_COLUMN_VALUES_TO_BE_OF_TYPE, "price", null, "decimal", 0),
      columns(Expectation.EXPECT_TABLE_COLUMNS_TO_MATCH_SET, false, "id"),
    };
    long before = sequentialScans();
    ValidateResult result = validate("t", FIELDS, everyKind);
    assertThat(result.outcomes())
        .allSatisfy(o -> assertThat(o.success()).as(o.name() + ": " + o.observed()).isTrue());
    assertThat(result.statements()).isEqualTo(2);
    assertThat(sequentialScans() - before).isEqualTo(2);
  }

  /** seen_at of row i as to_jsonb writes it. */
  static String seenAt(int i) {
    return warehouse
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT to_jsonb(seen_at) #>> '{}' FROM t WHERE price = :p")
                    .bind("p", (i - 1) * 10)
                    .mapTo(String.class)
                    .one());
  }

  /** Sequential scans of t so far, as PostgreSQL's statistics count them. */
  static long sequentialScans() {
    return warehouse
        .jdbi()
        .withHandle(
            h -> {
              h.execute("SELECT pg_stat_force_next_flush()");
              return h.createQuery(
                      "SELECT pg_stat_clear_snapshot(), seq_scan FROM pg_stat_user_tables WHERE relname = 't'")
                  .map((rs, ctx) -> rs.getLong(2))
                  .one();
            });
  }
}
