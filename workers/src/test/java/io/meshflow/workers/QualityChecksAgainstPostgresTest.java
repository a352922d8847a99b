package io.meshflow.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.model.Expectation;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.contracts.model.Severity;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workers.activities.ValidateActivitiesImpl;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.ValidateRequest;
import io.meshflow.workflows.activities.ValidateResult;
import io.meshflow.workflows.publish.CheckOutcome;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each expectation on real PostgreSQL, passing and failing, with Great Expectations' counting:
 * nulls are not considered (except by not-null), success is (considered − unexpected) / considered
 * ≥ threshold, and an empty table passes vacuously.
 */
class QualityChecksAgainstPostgresTest {
  static EmbeddedPostgres postgres;
  static Warehouse warehouse;

  static final List<FieldSpec> FIELDS =
      List.of(
          new FieldSpec(SqlIdentifier.of("id"), FieldType.LONG, null, false, true, false, null),
          new FieldSpec(SqlIdentifier.of("code"), FieldType.STRING, null, false, true, false, null),
          new FieldSpec(
              SqlIdentifier.of("price"), FieldType.DECIMAL, null, false, true, false, null));

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
    warehouse = new Warehouse(postgres.getPostgresDatabase());
    warehouse
        .jdbi()
        .useHandle(
            h -> {
              h.execute("CREATE TABLE t (id bigint, code text, price numeric)");
              // 10 rows: id 1..9 and one null id; codes with one duplicate pair and one null;
              // prices 0..90
              h.execute(
                  """
          INSERT INTO t VALUES (1, 'AB-1', 0), (2, 'AB-2', 10), (3, 'AB-3', 20), (4, 'AB-4', 30),
            (5, 'AB-5', 40), (6, 'AB-6', 50), (7, 'AB-7', 60), (8, 'zz', 70), (9, 'zz', 80), (NULL, NULL, 90)
          """);
              h.execute("CREATE TABLE empty_t (id bigint, code text, price numeric)");
            });
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  static QualityCheck check(Expectation e, String column, double threshold) {
    return new QualityCheck(
        e.contractName(),
        e,
        column == null ? null : SqlIdentifier.of(column),
        threshold,
        Severity.ERROR,
        null,
        null,
        false,
        false,
        List.of(),
        null);
  }

  static QualityCheck between(
      String column, String min, String max, boolean strictMin, boolean strictMax) {
    return new QualityCheck(
        "between",
        Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN,
        SqlIdentifier.of(column),
        1.0,
        Severity.ERROR,
        min,
        max,
        strictMin,
        strictMax,
        List.of(),
        null);
  }

  static QualityCheck inSet(String column, String... values) {
    return new QualityCheck(
        "in_set",
        Expectation.EXPECT_COLUMN_VALUES_TO_BE_IN_SET,
        SqlIdentifier.of(column),
        1.0,
        Severity.ERROR,
        null,
        null,
        false,
        false,
        List.of(values),
        null);
  }

  static QualityCheck regex(String column, String regex, double threshold) {
    return new QualityCheck(
        "regex",
        Expectation.EXPECT_COLUMN_VALUES_TO_MATCH_REGEX,
        SqlIdentifier.of(column),
        threshold,
        Severity.ERROR,
        null,
        null,
        false,
        false,
        List.of(),
        regex);
  }

  static QualityCheck rowCount(String min, String max) {
    return new QualityCheck(
        "rows",
        Expectation.EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN,
        null,
        1.0,
        Severity.ERROR,
        min,
        max,
        false,
        false,
        List.of(),
        null);
  }

  static ValidateResult validate(String table, QualityCheck... checks) {
    return new ValidateActivitiesImpl(warehouse)
        .validate(new ValidateRequest(table, FIELDS, List.of(checks)));
  }

  static CheckOutcome one(QualityCheck check) {
    return validate("t", check).outcomes().get(0);
  }

  @Test
  void notNullConsidersEveryRowAndPassesExactlyAtItsThreshold() {
    CheckOutcome strict = one(check(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL, "id", 1.0));
    assertThat(strict.success()).isFalse();
    assertThat(strict.elementCount()).isEqualTo(10);
    assertThat(strict.unexpectedCount()).isEqualTo(1);
    assertThat(strict.unexpectedPercent()).isEqualTo(10.0);
    assertThat(strict.observed()).isEqualTo("1 of 10 values are null (10%)");
    assertThat(strict.expected()).isEqualTo("all values not null");
    assertThat(one(check(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL, "id", 0.9)).success())
        .isTrue();
    assertThat(one(check(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL, "id", 0.91)).success())
        .isFalse();
  }

  @Test
  void betweenIsInclusiveUnlessStrictAndIgnoresNulls() {
    CheckOutcome inclusive = one(between("price", "0", "90", false, false));
    assertThat(inclusive.success()).isTrue();
    assertThat(inclusive.elementCount()).isEqualTo(10);
    assertThat(inclusive.unexpectedCount()).isZero();

    CheckOutcome strict = one(between("price", "0", "90", true, true));
    assertThat(strict.success()).isFalse();
    assertThat(strict.unexpectedCount()).isEqualTo(2);
    assertThat(strict.observed()).isEqualTo("2 of 10 values are outside (0, 90) (20%)");

    CheckOutcome ids = one(between("id", "2", null, false, false));
    assertThat(ids.elementCount()).isEqualTo(9);
    assertThat(ids.unexpectedCount()).isEqualTo(1);
    assertThat(ids.expected()).isEqualTo("all values within [2, +∞)");
  }

  @Test
  void uniqueCountsEveryRowOfADuplicatedValue() {
    CheckOutcome codes = one(check(Expectation.EXPECT_COLUMN_VALUES_TO_BE_UNIQUE, "code", 1.0));
    assertThat(codes.success()).isFalse();
    assertThat(codes.elementCount()).isEqualTo(9);
    assertThat(codes.unexpectedCount()).isEqualTo(2);
    assertThat(codes.observed()).isEqualTo("2 of 9 values are duplicates (22.222%)");
    CheckOutcome ids = one(check(Expectation.EXPECT_COLUMN_VALUES_TO_BE_UNIQUE, "id", 1.0));
    assertThat(ids.success()).isTrue();
    assertThat(ids.unexpectedCount()).isZero();
  }

  @Test
  void inSetBindsValuesAsTheColumnsType() {
    CheckOutcome numbers = one(inSet("id", "1", "2", "3", "4", "5", "6", "7", "8"));
    assertThat(numbers.success()).isFalse();
    assertThat(numbers.elementCount()).isEqualTo(9);
    assertThat(numbers.unexpectedCount()).isEqualTo(1);
    assertThat(one(inSet("id", "1", "2", "3", "4", "5", "6", "7", "8", "9")).success()).isTrue();
    assertThat(one(inSet("code", "it's", "zz")).unexpectedCount()).isEqualTo(7);
  }

  @Test
  void regexCountsNonMatchingValuesWithAThreshold() {
    CheckOutcome strict = one(regex("code", "^AB-[0-9]$", 1.0));
    assertThat(strict.success()).isFalse();
    assertThat(strict.unexpectedCount()).isEqualTo(2);
    assertThat(strict.elementCount()).isEqualTo(9);
    assertThat(one(regex("code", "^AB-[0-9]$", 7.0 / 9.0)).success()).isTrue();
    assertThat(one(regex("code", "^AB-[0-9]$", 0.78)).success()).isFalse();
  }

  @Test
  void rowCountComparesTheTablesSizeWithItsBounds() {
    CheckOutcome ok = one(rowCount("10", "10"));
    assertThat(ok.success()).isTrue();
    assertThat(ok.observed()).isEqualTo("row count 10");
    assertThat(one(rowCount("11", null)).success()).isFalse();
    assertThat(one(rowCount(null, "9")).success()).isFalse();
  }

  @Test
  void emptyTablePassesMapChecksVacuouslyButNotAMinimumRowCount() {
    ValidateResult result =
        validate(
            "empty_t",
            check(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL, "id", 1.0),
            check(Expectation.EXPECT_COLUMN_VALUES_TO_BE_UNIQUE, "code", 1.0),
            between("price", "0", "1", false, false),
            rowCount("1", null));
    assertThat(result.outcomes())
        .extracting(CheckOutcome::success)
        .containsExactly(true, true, true, false);
    assertThat(result.outcomes())
        .extracting(CheckOutcome::elementCount)
        .containsExactly(0L, 0L, 0L, 0L);
  }

  @Test
  void allChecksOfAProductRunAsOneScanPlusOnePerUniqueness() {
    ValidateResult result =
        validate(
            "t",
            check(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL, "id", 1.0),
            between("price", "0", "100", false, false),
            inSet("code", "zz"),
            regex("code", "^[A-Z]", 1.0),
            rowCount("1", null),
            check(Expectation.EXPECT_COLUMN_VALUES_TO_BE_UNIQUE, "code", 1.0));
    assertThat(result.statements()).isEqualTo(2);
    assertThat(result.rows()).isEqualTo(10);
    assertThat(result.outcomes())
        .extracting(CheckOutcome::unexpectedCount)
        .containsExactly(1L, 0L, 7L, 2L, 0L, 2L);
  }
}
