package io.meshflow.workers.quality;

import io.meshflow.contracts.model.Expectation;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.workflows.publish.CheckOutcome;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Turns measured counts into a check outcome with Great Expectations' semantics: a column check
 * succeeds when (considered − unexpected) / considered ≥ threshold, and vacuously when nothing is
 * considered; a row-count check compares the count with its bounds.
 */
public final class CheckEvaluator {
  private CheckEvaluator() {}

  public static CheckOutcome evaluate(QualityCheck check, long considered, long unexpected) {
    String column = check.column() == null ? null : check.column().value();
    String severityFree = check.expectation().contractName();
    if (check.expectation() == Expectation.EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN) {
      long rows = considered;
      boolean ok =
          (check.minValue() == null
                  || new BigDecimal(rows).compareTo(new BigDecimal(check.minValue())) >= 0)
              && (check.maxValue() == null
                  || new BigDecimal(rows).compareTo(new BigDecimal(check.maxValue())) <= 0);
      return new CheckOutcome(
          check.name(),
          severityFree,
          column,
          check.severity(),
          ok,
          "row count " + rows,
          "row count " + range(check),
          rows,
          ok ? 0 : 1,
          ok ? 0.0 : 100.0,
          check.threshold());
    }
    double percent = considered == 0 ? 0.0 : 100.0 * unexpected / considered;
    boolean ok =
        considered == 0 || (double) (considered - unexpected) / considered >= check.threshold();
    String observed =
        unexpected
            + " of "
            + considered
            + " values "
            + failingWords(check)
            + " ("
            + format(percent)
            + "%)";
    String expected =
        (check.threshold() >= 1.0
                ? "all values "
                : "at least " + format(check.threshold() * 100) + "% of values ")
            + passingWords(check);
    return new CheckOutcome(
        check.name(),
        severityFree,
        column,
        check.severity(),
        ok,
        observed,
        expected,
        considered,
        unexpected,
        percent,
        check.threshold());
  }

  private static String failingWords(QualityCheck c) {
    return switch (c.expectation()) {
      case EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL -> "are null";
      case EXPECT_COLUMN_VALUES_TO_BE_BETWEEN -> "are outside " + range(c);
      case EXPECT_COLUMN_VALUES_TO_BE_UNIQUE -> "are duplicates";
      case EXPECT_COLUMN_VALUES_TO_BE_IN_SET -> "are not in " + c.valueSet();
      case EXPECT_COLUMN_VALUES_TO_MATCH_REGEX -> "do not match /" + c.regex() + "/";
      case EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN -> "";
    };
  }

  private static String passingWords(QualityCheck c) {
    return switch (c.expectation()) {
      case EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL -> "not null";
      case EXPECT_COLUMN_VALUES_TO_BE_BETWEEN -> "within " + range(c);
      case EXPECT_COLUMN_VALUES_TO_BE_UNIQUE -> "unique";
      case EXPECT_COLUMN_VALUES_TO_BE_IN_SET -> "in " + c.valueSet();
      case EXPECT_COLUMN_VALUES_TO_MATCH_REGEX -> "matching /" + c.regex() + "/";
      case EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN -> "";
    };
  }

  private static String range(QualityCheck c) {
    String lo = c.minValue() == null ? "(-∞" : (c.strictMin() ? "(" : "[") + c.minValue();
    String hi = c.maxValue() == null ? "+∞)" : c.maxValue() + (c.strictMax() ? ")" : "]");
    return lo + ", " + hi;
  }

  static String format(double value) {
    String s = String.format(Locale.ROOT, "%.3f", value);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
