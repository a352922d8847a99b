package io.meshflow.workers.quality;

import io.meshflow.contracts.model.Expectation;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.contracts.parse.ContractValues;
import io.meshflow.workers.quality.QualityCheckCompiler.AggregatePlan;
import io.meshflow.workers.quality.QualityCheckCompiler.FreshnessPlan;
import io.meshflow.workers.quality.QualityCheckCompiler.MapPlan;
import io.meshflow.workers.quality.QualityCheckCompiler.Plan;
import io.meshflow.workers.quality.QualityCheckCompiler.RowCountPlan;
import io.meshflow.workers.quality.QualityCheckCompiler.SchemaPlan;
import io.meshflow.workers.quality.QualityCheckCompiler.UniquePlan;
import io.meshflow.workers.sql.ProductTableDdl;
import io.meshflow.workflows.run.CheckOutcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns measurements into outcomes with Great Expectations' semantics: a row-by-row check succeeds
 * when (considered − unexpected) / considered ≥ threshold, and vacuously when nothing is
 * considered; an aggregate over no values fails; the others compare one value with the contract.
 */
public final class CheckEvaluator {

  /**
   * Everything the statements returned.
   *
   * @param grouping the uniqueness statement's row, or {@code null}
   * @param columns the checked table's columns and their types, in order (empty if not read)
   * @param sqlResults each {@code sql} check's result, by check name
   */
  public record Measurements(
      Object[] scan,
      List<Object[]> groupings,
      Map<String, String> columns,
      Map<String, Object> sqlResults) {}

  private CheckEvaluator() {}

  public static CheckOutcome evaluate(Plan plan, Measurements m) {
    QualityCheck c = plan.check();
    if (plan instanceof MapPlan p) {
      return rowByRow(c, number(m.scan()[p.considered()]), number(m.scan()[p.unexpected()]));
    }
    if (plan instanceof UniquePlan p) {
      return rowByRow(
          c,
          number(m.scan()[p.considered()]),
          number(m.groupings().get(p.grouping())[p.unexpected()]));
    }
    if (plan instanceof AggregatePlan p) {
      return aggregate(c, (String) m.scan()[p.observed()], (Boolean) m.scan()[p.within()]);
    }
    if (plan instanceof RowCountPlan p) return rowCount(c, number(m.scan()[p.count()]));
    if (plan instanceof FreshnessPlan p) {
      return freshness(c, (String) m.scan()[p.newest()], m.scan()[p.ageSeconds()]);
    }
    if (plan instanceof SchemaPlan) return schema(c, m.columns());
    return sql(c, m.sqlResults().get(c.name()));
  }

  /** GE's map-expectation rule, shared by row-by-row and uniqueness checks. */
  static CheckOutcome rowByRow(QualityCheck c, long considered, long unexpected) {
    double percent = considered == 0 ? 0.0 : 100.0 * unexpected / considered;
    boolean ok =
        considered == 0 || (double) (considered - unexpected) / considered >= c.threshold();
    String observed =
        unexpected
            + " of "
            + considered
            + " values "
            + failingWords(c)
            + " ("
            + format(percent)
            + "%)";
    String expected =
        (c.threshold() >= 1.0
                ? "all values "
                : "at least " + format(c.threshold() * 100) + "% of values ")
            + passingWords(c);
    return outcome(c, ok, observed, expected, considered, unexpected, percent, c.threshold());
  }

  private static CheckOutcome aggregate(QualityCheck c, String value, Boolean within) {
    String what =
        switch (c.expectation()) {
          case EXPECT_COLUMN_MIN_TO_BE_BETWEEN -> "min";
          case EXPECT_COLUMN_MAX_TO_BE_BETWEEN -> "max";
          case EXPECT_COLUMN_MEAN_TO_BE_BETWEEN -> "mean";
          default -> "sum";
        };
    String observed = value == null ? what + " of no values" : what + " " + value;
    return outcome(
            c,
            Boolean.TRUE.equals(within),
            observed,
            what + " within " + range(c),
            null,
            null,
            null,
            null)
        .withObservedValue(value);
  }

  private static CheckOutcome rowCount(QualityCheck c, long rows) {
    BigDecimal n = BigDecimal.valueOf(rows);
    boolean ok;
    String expected;
    if (c.expectation() == Expectation.EXPECT_TABLE_ROW_COUNT_TO_EQUAL) {
      ok = n.compareTo(new BigDecimal(c.value())) == 0;
      expected = "row count " + c.value();
    } else {
      ok =
          (c.minValue() == null || n.compareTo(new BigDecimal(c.minValue())) >= 0)
              && (c.maxValue() == null || n.compareTo(new BigDecimal(c.maxValue())) <= 0);
      expected = "row count within " + range(c);
    }
    return outcome(c, ok, "row count " + rows, expected, null, null, null, null)
        .withObservedValue(Long.toString(rows));
  }

  private static CheckOutcome freshness(QualityCheck c, String newest, Object ageSeconds) {
    String expected =
        "newest value at most "
            + ContractValues.durationText(Duration.ofSeconds(c.maxAgeSeconds()))
            + " old";
    if (newest == null) return outcome(c, false, "no values", expected, null, null, null, null);
    long age = ((Number) ageSeconds).longValue();
    return outcome(
            c,
            age <= c.maxAgeSeconds(),
            "newest value " + newest + " (" + age(age) + " old)",
            expected,
            null,
            null,
            null,
            null)
        .withObservedValue(newest);
  }

  private static CheckOutcome schema(QualityCheck c, Map<String, String> columns) {
    if (c.vacuous()) {
      // GE: a column_set, column_list or type_list of None expects nothing
      String observed =
          c.column() == null
              ? "columns " + List.copyOf(columns.keySet())
              : "type " + columns.getOrDefault(c.column().value(), "(no such column)");
      return outcome(c, true, observed, "anything (no list given)", null, null, null, null);
    }
    switch (c.expectation()) {
      case EXPECT_COLUMN_VALUES_TO_BE_OF_TYPE, EXPECT_COLUMN_VALUES_TO_BE_IN_TYPE_LIST -> {
        String actual = columns.get(c.column().value());
        List<String> names =
            c.expectation() == Expectation.EXPECT_COLUMN_VALUES_TO_BE_OF_TYPE
                ? List.of(c.typeName())
                : c.typeList();
        boolean ok = false;
        List<String> described = new ArrayList<>();
        for (String name : names) {
          String wanted = name.toLowerCase(Locale.ROOT);
          String wantedSql = wanted;
          try {
            wantedSql = ProductTableDdl.sqlType(FieldType.fromContractName(wanted));
          } catch (IllegalArgumentException notAContractType) {
            // a PostgreSQL type name, compared as it is
          }
          ok |= actual != null && (actual.equals(wanted) || actual.equals(wantedSql));
          described.add(name + (wantedSql.equals(wanted) ? "" : " (" + wantedSql + ")"));
        }
        return outcome(
            c,
            ok,
            actual == null ? "no such column" : "type " + actual,
            (names.size() == 1 ? "type " : "one of the types ") + String.join(", ", described),
            null,
            null,
            null,
            null);
      }
      case EXPECT_TABLE_COLUMNS_TO_MATCH_ORDERED_LIST -> {
        List<String> actual = List.copyOf(columns.keySet());
        List<String> wanted = c.columns().stream().map(Object::toString).toList();
        return outcome(
            c,
            actual.equals(wanted),
            "columns " + actual,
            "columns " + wanted + " in this order",
            null,
            null,
            null,
            null);
      }
      default -> {
        Set<String> actual = new LinkedHashSet<>(columns.keySet());
        Set<String> wanted =
            new LinkedHashSet<>(c.columns().stream().map(Object::toString).toList());
        List<String> missing = wanted.stream().filter(w -> !actual.contains(w)).toList();
        List<String> extra = actual.stream().filter(a -> !wanted.contains(a)).toList();
        boolean ok = missing.isEmpty() && (!c.exactMatch() || extra.isEmpty());
        List<String> diff = new ArrayList<>();
        if (!missing.isEmpty()) diff.add("missing " + missing);
        if (c.exactMatch() && !extra.isEmpty()) diff.add("unexpected " + extra);
        return outcome(
            c,
            ok,
            "columns " + actual + (diff.isEmpty() ? "" : ": " + String.join(", ", diff)),
            (c.exactMatch() ? "exactly the columns " : "at least the columns ") + wanted,
            null,
            null,
            null,
            null);
      }
    }
  }

  private static CheckOutcome sql(QualityCheck c, Object result) {
    String expected = "result " + c.comparison().describe();
    if (!(result instanceof Number number)) {
      return outcome(
          c,
          false,
          result == null
              ? "the query returned no value"
              : "the query returned '" + result + "', not a number",
          expected,
          null,
          null,
          null,
          null);
    }
    BigDecimal value = new BigDecimal(number.toString());
    return outcome(
            c,
            c.comparison().test(value),
            "result " + value.stripTrailingZeros().toPlainString(),
            expected,
            null,
            null,
            null,
            null)
        .withObservedValue(value.stripTrailingZeros().toPlainString());
  }

  private static CheckOutcome outcome(
      QualityCheck c,
      boolean ok,
      String observed,
      String expected,
      Long considered,
      Long unexpected,
      Double percent,
      Double threshold) {
    return new CheckOutcome(
        c.name(),
        c.expectation().contractName(),
        c.column() == null ? null : c.column().value(),
        c.severity(),
        ok,
        observed,
        expected,
        considered,
        unexpected,
        percent,
        threshold,
        List.of(),
        null,
        null);
  }

  private static String failingWords(QualityCheck c) {
    return switch (c.expectation()) {
      case EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL -> "are null";
      case EXPECT_COLUMN_VALUES_TO_BE_NULL -> "are not null";
      case EXPECT_COLUMN_VALUES_TO_BE_BETWEEN -> "are outside " + range(c);
      case EXPECT_COLUMN_VALUE_LENGTHS_TO_BE_BETWEEN -> "have a length outside " + range(c);
      case EXPECT_COLUMN_VALUES_TO_BE_UNIQUE, EXPECT_COMPOUND_COLUMNS_TO_BE_UNIQUE ->
          "are duplicates";
      case EXPECT_COLUMN_VALUES_TO_BE_IN_SET -> "are not in " + c.valueSet();
      case EXPECT_COLUMN_VALUES_TO_NOT_BE_IN_SET -> "are in " + c.valueSet();
      case EXPECT_COLUMN_VALUES_TO_MATCH_REGEX -> "do not match /" + c.regex() + "/";
      case EXPECT_COLUMN_VALUES_TO_NOT_MATCH_REGEX -> "match /" + c.regex() + "/";
      default -> "fail";
    };
  }

  private static String passingWords(QualityCheck c) {
    return switch (c.expectation()) {
      case EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL -> "not null";
      case EXPECT_COLUMN_VALUES_TO_BE_NULL -> "null";
      case EXPECT_COLUMN_VALUES_TO_BE_BETWEEN -> "within " + range(c);
      case EXPECT_COLUMN_VALUE_LENGTHS_TO_BE_BETWEEN -> "of a length within " + range(c);
      case EXPECT_COLUMN_VALUES_TO_BE_UNIQUE -> "unique";
      case EXPECT_COMPOUND_COLUMNS_TO_BE_UNIQUE -> "unique over " + c.columns();
      case EXPECT_COLUMN_VALUES_TO_BE_IN_SET -> "in " + c.valueSet();
      case EXPECT_COLUMN_VALUES_TO_NOT_BE_IN_SET -> "not in " + c.valueSet();
      case EXPECT_COLUMN_VALUES_TO_MATCH_REGEX -> "matching /" + c.regex() + "/";
      case EXPECT_COLUMN_VALUES_TO_NOT_MATCH_REGEX -> "not matching /" + c.regex() + "/";
      default -> "passing";
    };
  }

  private static String range(QualityCheck c) {
    String lo = c.minValue() == null ? "(-∞" : (c.strictMin() ? "(" : "[") + c.minValue();
    String hi = c.maxValue() == null ? "+∞)" : c.maxValue() + (c.strictMax() ? ")" : "]");
    return lo + ", " + hi;
  }

  private static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  static String age(long seconds) {
    if (seconds < 0) return "0s";
    long d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60, s = seconds % 60;
    if (d > 0) return d + "d " + h + "h";
    if (h > 0) return h + "h " + m + "m";
    if (m > 0) return m + "m " + s + "s";
    return s + "s";
  }

  static String format(double value) {
    String s = String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
