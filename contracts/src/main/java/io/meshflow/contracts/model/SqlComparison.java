package io.meshflow.contracts.model;

import java.math.BigDecimal;

/**
 * How a {@code sql} check's result is judged, with the Open Data Contract Standard's operators.
 *
 * @param upper the second bound of {@code mustBeBetween}/{@code mustNotBeBetween}, else null
 */
public record SqlComparison(Operator operator, BigDecimal value, BigDecimal upper) {

  /** ODCS's comparison keys. */
  public enum Operator {
    MUST_BE("mustBe", "= "),
    MUST_NOT_BE("mustNotBe", "≠ "),
    MUST_BE_GREATER_THAN("mustBeGreaterThan", "> "),
    MUST_BE_GREATER_OR_EQUAL_TO("mustBeGreaterOrEqualTo", "≥ "),
    MUST_BE_LESS_THAN("mustBeLessThan", "< "),
    MUST_BE_LESS_OR_EQUAL_TO("mustBeLessOrEqualTo", "≤ "),
    MUST_BE_BETWEEN("mustBeBetween", "between "),
    MUST_NOT_BE_BETWEEN("mustNotBeBetween", "not between ");

    private final String key;
    private final String words;

    Operator(String key, String words) {
      this.key = key;
      this.words = words;
    }

    public String key() {
      return key;
    }

    public static Operator fromKey(String key) {
      for (Operator o : values()) if (o.key.equals(key)) return o;
      throw new IllegalArgumentException("unknown comparison '" + key + "'");
    }
  }

  /** Whether {@code actual} satisfies the comparison (inclusive bounds for between). */
  public boolean test(BigDecimal actual) {
    int c = actual.compareTo(value);
    return switch (operator) {
      case MUST_BE -> c == 0;
      case MUST_NOT_BE -> c != 0;
      case MUST_BE_GREATER_THAN -> c > 0;
      case MUST_BE_GREATER_OR_EQUAL_TO -> c >= 0;
      case MUST_BE_LESS_THAN -> c < 0;
      case MUST_BE_LESS_OR_EQUAL_TO -> c <= 0;
      case MUST_BE_BETWEEN -> c >= 0 && actual.compareTo(upper) <= 0;
      case MUST_NOT_BE_BETWEEN -> c < 0 || actual.compareTo(upper) > 0;
    };
  }

  /** E.g. {@code ≤ 10} or {@code between 1 and 5}. */
  public String describe() {
    String v = value.toPlainString();
    return operator.words + (upper == null ? v : v + " and " + upper.toPlainString());
  }
}
