package io.meshflow.contracts.model;

import java.util.List;

/**
 * One quality check of a contract. Only the arguments of its expectation are set; the others are
 * null, false or empty.
 *
 * @param name a stable name for reports; defaults to {@code <assertion>[(<column>)]}
 * @param column the checked column, {@code null} for table-level and sql checks
 * @param threshold Great Expectations' {@code mostly} for map and uniqueness checks, 0..1
 * @param minValue lower bound (as text, cast to the measured value's type), or {@code null}
 * @param maxValue upper bound, or {@code null}
 * @param valueSet values (as text) of the set expectations
 * @param regex the pattern of the regex expectations, or {@code null}
 * @param columns {@code column_list} or {@code column_set}
 * @param exactMatch {@code exact_match} of {@code expect_table_columns_to_match_set}
 * @param value the count of {@code expect_table_row_count_to_equal}, or {@code null}
 * @param typeName {@code type_} of {@code expect_column_values_to_be_of_type}, or {@code null}
 * @param query the query of a {@code sql} check; {@code {{ this }}} stands for the checked table
 * @param comparison how a {@code sql} check's result is judged, or {@code null}
 * @param maxAgeSeconds the largest age of the newest value, for {@code freshness}; else 0
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
    String regex,
    List<SqlIdentifier> columns,
    boolean exactMatch,
    String value,
    String typeName,
    String query,
    SqlComparison comparison,
    long maxAgeSeconds) {

  public QualityCheck {
    valueSet = valueSet == null ? List.of() : List.copyOf(valueSet);
    columns = columns == null ? List.of() : List.copyOf(columns);
  }

  /** A check whose arguments are bounds, a value set or a regex (the common ones). */
  public QualityCheck(
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
    this(
        name,
        expectation,
        column,
        threshold,
        severity,
        minValue,
        maxValue,
        strictMin,
        strictMax,
        valueSet,
        regex,
        List.of(),
        true,
        null,
        null,
        null,
        null,
        0);
  }
}
