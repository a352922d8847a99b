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
import io.meshflow.workflows.run.CheckOutcome;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regressions against Great Expectations' semantics on PostgreSQL: names the check compiler
 * generates never clash with a product's columns, and a check that cannot run is recorded as such
 * (stopping the run only at severity error) instead of failing the whole step.
 */
class GreatExpectationsSemanticsTest {
  static EmbeddedPostgres postgres;
  static Warehouse warehouse;

  /** A column named like every alias the compiler has ever used, and those it uses now. */
  static final List<String> ALIASES =
      List.of("n", "g", "d", "e", "q", "m", "groups", "mf_groups", "mf_dup", "mf_row", "k1");

  static final List<FieldSpec> FIELDS =
      ALIASES.stream()
          .map(
              a ->
                  new FieldSpec(
                      SqlIdentifier.of(a), FieldType.LONG, null, false, true, false, null))
          .toList();

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
    warehouse = new Warehouse(postgres.getPostgresDatabase());
    String columns = String.join(", ", ALIASES.stream().map(a -> "\"" + a + "\" bigint").toList());
    String values =
        String.join(", ", ALIASES.stream().map(a -> "CASE WHEN i < 4 THEN 1 ELSE i END").toList());
    warehouse
        .jdbi()
        .useHandle(
            h -> {
              h.execute("CREATE TABLE aliases (" + columns + ")");
              // 6 rows: every column 1, 1, 1, 4, 5, 6 — three duplicates of 1
              h.execute(
                  "INSERT INTO aliases SELECT " + values + " FROM generate_series(1, 6) AS i");
              h.execute(
                  "CREATE TABLE events (id bigint, code text, amount numeric, seen_at timestamptz,"
                      + " a bigint, b bigint)");
              h.execute(
                  """
                  INSERT INTO events VALUES
                    (1, 'x', 1, now() - interval '1 hour', 1, 1),
                    (2, 'x', 2, now() - interval '2 hours', 1, 1),
                    (3, 'y', 3, now() - interval '3 days', NULL, NULL),
                    (4, NULL, 4, now() - interval '4 days', NULL, NULL),
                    (5, 'z', 5, now() - interval '30 minutes', 2, NULL),
                    (6, 'z', NULL, NULL, 2, NULL)
                  """);
            });
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private static List<CheckOutcome> validate(String table, QualityCheck... checks) {
    return new ValidateActivitiesImpl(warehouse)
        .validate(new ValidateRequest(table, FIELDS, List.of(checks), 5, -1))
        .outcomes();
  }

  static final List<FieldSpec> EVENT_FIELDS =
      List.of(
          field("id", FieldType.LONG),
          field("code", FieldType.STRING),
          field("amount", FieldType.DECIMAL),
          field("seen_at", FieldType.TIMESTAMP),
          field("a", FieldType.LONG),
          field("b", FieldType.LONG));

  private static FieldSpec field(String name, FieldType type) {
    return new FieldSpec(SqlIdentifier.of(name), type, null, false, true, false, null);
  }

  /** One check on {@code events}, for a run that started now. */
  private static CheckOutcome event(QualityCheck check) {
    return new ValidateActivitiesImpl(warehouse)
        .validate(
            new ValidateRequest(
                "events", EVENT_FIELDS, List.of(check), 5, -1, System.currentTimeMillis()))
        .outcomes()
        .get(0);
  }

  private static String counts(CheckOutcome o) {
    return o.success() + " " + o.elementCount() + " " + o.unexpectedCount();
  }

  @Test
  void aRowConditionRestrictsTheRowsEveryKindOfCheckConsiders() {
    QualityCheck.Builder between =
        on(Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN, "amount").between("1", "3");
    assertThat(counts(event(between.build()))).isEqualTo("false 5 2");
    assertThat(counts(event(between.rowCondition("code = 'x'").build()))).isEqualTo("true 2 0");
    QualityCheck.Builder unique = on(Expectation.EXPECT_COLUMN_VALUES_TO_BE_UNIQUE, "code");
    assertThat(counts(event(unique.build()))).isEqualTo("false 5 4");
    assertThat(counts(event(unique.rowCondition("amount > 2").build()))).isEqualTo("true 2 0");
    CheckOutcome count =
        event(
            on(Expectation.EXPECT_TABLE_ROW_COUNT_TO_EQUAL, null)
                .value("2")
                .rowCondition("code = 'z'")
                .build());
    assertThat(count.success()).as(count.observed()).isTrue();
    CheckOutcome max =
        event(
            on(Expectation.EXPECT_COLUMN_MAX_TO_BE_BETWEEN, "amount")
                .between(null, "2")
                .rowCondition("code = 'x'")
                .build());
    assertThat(max.success()).as(max.observed()).isTrue();
    assertThat(max.observed()).contains("2");
  }

  @Test
  void ignoreRowIfDecidesWhichRowsOfACompoundKeyCount() {
    QualityCheck.Builder pair =
        on(Expectation.EXPECT_COMPOUND_COLUMNS_TO_BE_UNIQUE, null)
            .columns(List.of(SqlIdentifier.of("a"), SqlIdentifier.of("b")), false);
    assertThat(counts(event(pair.build()))).isEqualTo("false 4 4");
    assertThat(
            counts(event(pair.ignoreRowIf(QualityCheck.IgnoreRowIf.ANY_VALUE_IS_MISSING).build())))
        .isEqualTo("false 2 2");
    assertThat(counts(event(pair.ignoreRowIf(QualityCheck.IgnoreRowIf.NEVER).build())))
        .isEqualTo("false 6 6");
  }

  @Test
  void emptySetsAndMissingBoundsMeanWhatTheyMeanInGreatExpectations() {
    assertThat(
            counts(
                event(
                    on(Expectation.EXPECT_COLUMN_VALUES_TO_BE_IN_SET, "code")
                        .valueSet(List.of())
                        .build())))
        .isEqualTo("false 5 5");
    assertThat(
            counts(
                event(
                    on(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_IN_SET, "code")
                        .valueSet(List.of())
                        .build())))
        .isEqualTo("true 5 0");
    assertThat(counts(event(on(Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN, "amount").build())))
        .isEqualTo("true 5 0");
  }

  @Test
  void runTimeBoundsCompareWithTheRunsStart() {
    CheckOutcome recent =
        event(
            on(Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN, "seen_at")
                .between("{{ run_started_at }} - 1d", "{{ run_started_at }}")
                .build());
    assertThat(counts(recent)).isEqualTo("false 5 2");
    CheckOutcome newest =
        event(
            on(Expectation.EXPECT_COLUMN_MAX_TO_BE_BETWEEN, "seen_at")
                .between("{{ run_started_at }} - 1h", null)
                .build());
    assertThat(newest.success()).as(newest.observed()).isTrue();
  }

  @Test
  void aTypeListAcceptsAnyOfItsTypes() {
    QualityCheck.Builder types = on(Expectation.EXPECT_COLUMN_VALUES_TO_BE_IN_TYPE_LIST, "a");
    assertThat(event(types.typeList(List.of("string", "long")).build()).success()).isTrue();
    CheckOutcome wrong = event(types.typeList(List.of("string", "numeric")).build());
    assertThat(wrong.success()).isFalse();
    assertThat(wrong.observed()).isEqualTo("type bigint");
    assertThat(wrong.expected()).isEqualTo("one of the types string (text), numeric");
  }

  private static QualityCheck.Builder on(Expectation e, String column) {
    return QualityCheck.of(e, column == null ? null : SqlIdentifier.of(column))
        .name(e.contractName() + (column == null ? "" : "(" + column + ")"));
  }

  @Test
  void uniquenessOnAColumnNamedLikeAnyAliasCountsItsDuplicates() {
    QualityCheck[] checks =
        ALIASES.stream()
            .map(a -> on(Expectation.EXPECT_COLUMN_VALUES_TO_BE_UNIQUE, a).build())
            .toArray(QualityCheck[]::new);
    List<CheckOutcome> outcomes = validate("aliases", checks);
    assertThat(outcomes).hasSize(ALIASES.size());
    assertThat(outcomes)
        .allSatisfy(
            o -> {
              assertThat(o.error()).isNull();
              assertThat(o.success()).isFalse();
              assertThat(o.elementCount()).isEqualTo(6);
              assertThat(o.unexpectedCount()).isEqualTo(3);
              assertThat(o.failingRows()).hasSize(3);
            });
    QualityCheck compound =
        on(Expectation.EXPECT_COMPOUND_COLUMNS_TO_BE_UNIQUE, null)
            .columns(List.of(SqlIdentifier.of("n"), SqlIdentifier.of("g")), false)
            .build();
    CheckOutcome pair = validate("aliases", compound).get(0);
    assertThat(pair.unexpectedCount()).isEqualTo(3);
    assertThat(pair.failingRows())
        .allSatisfy(row -> assertThat(row).contains("\"n\": 1", "\"g\": 1"));
  }

  @Test
  void aCheckThatCannotRunIsRecordedAndStopsTheRunOnlyAtSeverityError() {
    QualityCheck badPattern =
        on(Expectation.EXPECT_COLUMN_VALUES_TO_MATCH_REGEX, "n")
            .regex("a++")
            .severity(Severity.WARN)
            .build();
    QualityCheck badBound =
        on(Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN, "g").between("ten", null).build();
    QualityCheck good = on(Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL, "d").build();
    List<CheckOutcome> outcomes = validate("aliases", badPattern, badBound, good);
    assertThat(outcomes)
        .extracting(CheckOutcome::name)
        .containsExactly(
            "expect_column_values_to_match_regex(n)",
            "expect_column_values_to_be_between(g)",
            "expect_column_values_to_not_be_null(d)");
    CheckOutcome pattern = outcomes.get(0);
    assertThat(pattern.error()).isEqualTo("invalid regular expression: quantifier operand invalid");
    assertThat(pattern.success()).isFalse();
    assertThat(pattern.blocksPublish()).isFalse();
    assertThat(pattern.observed())
        .isEqualTo("could not run: invalid regular expression: quantifier operand invalid");
    CheckOutcome bound = outcomes.get(1);
    assertThat(bound.error()).isEqualTo("invalid input syntax for type bigint: \"ten\"");
    assertThat(bound.blocksPublish()).isTrue();
    CheckOutcome notNull = outcomes.get(2);
    assertThat(notNull.error()).isNull();
    assertThat(notNull.success()).isTrue();
    assertThat(notNull.elementCount()).isEqualTo(6);
  }
}
