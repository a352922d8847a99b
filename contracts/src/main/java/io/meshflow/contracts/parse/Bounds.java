package io.meshflow.contracts.parse;

import io.meshflow.contracts.model.Expectation;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.SqlIdentifier;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A check's {@code min_value} and {@code max_value} against what they bound, judged as PostgreSQL
 * would compare them, so that no run fails on them: a number bounding a text column (PostgreSQL —
 * and GE on it — refuses to compare text with a number; compared as text, {@code '2' > '10'}), a
 * bound of a date or timestamp column that is neither, a range of a boolean column, and a range
 * that no value can be in ({@code min_value} above {@code max_value}, or equal ones with a strict
 * side) are contract errors.
 */
final class Bounds {
  private final Problems problems;
  private final YamlMap check;
  private final Expectation expectation;
  private final FieldType type;
  private final SqlIdentifier column;
  private boolean strict;

  Bounds(
      Problems problems,
      YamlMap check,
      Expectation expectation,
      FieldType type,
      SqlIdentifier column) {
    this.problems = problems;
    this.check = check;
    this.expectation = expectation;
    this.type = type;
    this.column = column;
  }

  /** Whether the bounds compare with the column's own values (not a count, length or mean). */
  private boolean boundsValues() {
    return expectation == Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN
        || expectation == Expectation.EXPECT_COLUMN_MIN_TO_BE_BETWEEN
        || expectation == Expectation.EXPECT_COLUMN_MAX_TO_BE_BETWEEN;
  }

  /** Reports what is wrong with the bounds; {@code strict}: either side excludes its bound. */
  void check(String min, String max, boolean strict, boolean crossTypes) {
    this.strict = strict;
    if (!expectation.arguments().contains("min_value")) return;
    boolean runTime = runTime("min_value", min) | runTime("max_value", max);
    if (runTime) return;
    if (type != null && boundsValues()) {
      if (type == FieldType.BOOLEAN && (min != null || max != null)) {
        problems.add(
            check.pathOf("column"),
            check.node("column", false),
            "'" + column + "' is a boolean column, which has no range to be between");
        return;
      }
      // GE's allow_cross_type_comparisons: the contract compares text with what it wrote
      if (type == FieldType.STRING && !crossTypes) {
        numberOnText("min_value", min);
        numberOnText("max_value", max);
      }
      if (type == FieldType.DATE || type == FieldType.TIMESTAMP) {
        LocalDateTime from = time("min_value", min);
        LocalDateTime to = time("max_value", max);
        if (from != null && to != null) empty(from.compareTo(to), min, max);
        return;
      }
    }
    BigDecimal from = ContractValues.decimal(min);
    BigDecimal to = ContractValues.decimal(max);
    if (from != null && to != null) empty(from.compareTo(to), min, max);
  }

  /**
   * Whether the bound is a run-time one ({@code {{ run_started_at }} - 1d}); reports one that is
   * malformed, or that bounds something other than the values of a date or timestamp column.
   */
  private boolean runTime(String key, String value) {
    if (!io.meshflow.contracts.model.RunTimeBound.looksLikeOne(value)) return false;
    if (io.meshflow.contracts.model.RunTimeBound.parse(value).isEmpty()) {
      problems.add(
          check.pathOf(key),
          check.node(key, false),
          key
              + " '"
              + value
              + "' is not a run-time bound (expected {{ run_started_at }}, optionally + or - a"
              + " duration, e.g. {{ run_started_at }} - 1d)");
    } else if (!boundsValues() || (type != FieldType.DATE && type != FieldType.TIMESTAMP)) {
      problems.add(
          check.pathOf(key),
          check.node(key, false),
          key + " {{ run_started_at }} bounds the values of a date or timestamp column only");
    }
    return true;
  }

  private void numberOnText(String key, String value) {
    Node node = check.node(key, false);
    if (value != null
        && node instanceof ScalarNode s
        && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
      problems.add(
          check.pathOf(key),
          node,
          key
              + " "
              + value
              + " is a number, but '"
              + column
              + "' is a string column: PostgreSQL does not compare text with numbers (and as"
              + " text '2' > '10'); give the column a numeric type, or quote the bound to compare"
              + " text");
    }
  }

  /** The bound as a time (a date is its midnight), or null (reported) when it is neither. */
  private LocalDateTime time(String key, String value) {
    if (value == null) return null;
    String text = value.strip();
    try {
      return LocalDate.parse(text).atStartOfDay();
    } catch (DateTimeParseException notADate) {
      // a timestamp, then
    }
    try {
      return OffsetDateTime.parse(text.replace(' ', 'T')).toLocalDateTime();
    } catch (DateTimeParseException notAnInstant) {
      // a timestamp without an offset, then
    }
    try {
      return LocalDateTime.parse(text.replace(' ', 'T'));
    } catch (DateTimeParseException e) {
      problems.add(
          check.pathOf(key),
          check.node(key, false),
          key
              + " '"
              + value
              + "' is not a date or a timestamp (e.g. 2025-12-31 or 2025-12-31T23:59:59Z), which '"
              + column
              + "' holds");
      return null;
    }
  }

  /** {@code order} compares min with max: above, or equal with a strict side, is no range. */
  private void empty(int order, String min, String max) {
    if (order > 0 || (order == 0 && strict)) {
      problems.add(
          check.pathOf("min_value"),
          check.node("min_value", false),
          "min_value "
              + min
              + (order > 0 ? " is above max_value " + max : " equals max_value with a strict bound")
              + ": no value can be in the range, so the check could never pass");
    }
  }
}
