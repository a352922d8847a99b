package io.meshflow.contracts.model;

import java.util.List;

/**
 * One quality check of a contract.
 *
 * @param name a stable name for reports; defaults to {@code <assertion>[(<column>)]}
 * @param column the checked column, {@code null} for table-level expectations
 * @param threshold Great Expectations' {@code mostly}: the share of considered rows that must meet
 *     the expectation, 0..1
 * @param minValue lower bound (as text, cast to the column's type), or {@code null}
 * @param maxValue upper bound, or {@code null}
 * @param valueSet allowed values (as text), empty unless {@code expect_column_values_to_be_in_set}
 * @param regex the pattern for {@code expect_column_values_to_match_regex}, or {@code null}
 */
public record QualityCheck(
    String name,
    Expectation expectation,
    SqlIdentifier column,
    double threshold,
    Severity severity,
    String minValue,
    String maxValue,
    boolean strictMin,
    boolean strictMax,
    List<String> valueSet,
    String regex) {

  public QualityCheck {
    valueSet = valueSet == null ? List.of() : List.copyOf(valueSet);
  }
}
