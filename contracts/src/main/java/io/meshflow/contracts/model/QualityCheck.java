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
    long maxAgeSeconds,
    String rowCondition,
    IgnoreRowIf ignoreRowIf,
    List<String> typeList,
    boolean vacuous) {

  public QualityCheck {
    valueSet = valueSet == null ? List.of() : List.copyOf(valueSet);
    columns = columns == null ? List.of() : List.copyOf(columns);
    typeList = typeList == null ? List.of() : List.copyOf(typeList);
    ignoreRowIf = ignoreRowIf == null ? IgnoreRowIf.ALL_VALUES_ARE_MISSING : ignoreRowIf;
  }

  /**
   * GE's {@code ignore_row_if} of a multicolumn check: which rows with missing key values it leaves
   * out.
   */
  public enum IgnoreRowIf {
    /** A row is left out only when all its key values are null (GE's default). */
    ALL_VALUES_ARE_MISSING,
    /** A row is left out when any of its key values is null. */
    ANY_VALUE_IS_MISSING,
    /** No row is left out: nulls are values like any other. */
    NEVER;

    public String contractName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The name a check gets when its contract gives none: {@code <assertion>[(<column>)]}. */
  public static String defaultName(Expectation expectation, SqlIdentifier column) {
    return expectation.contractName() + (column == null ? "" : "(" + column + ")");
  }

  /**
   * A check of {@code expectation} on {@code column} ({@code null} for table-level checks) with
   * every argument unset: threshold 1.0, severity error, the default name. Set what the expectation
   * takes, then {@link Builder#build()}.
   */
  public static Builder of(Expectation expectation, SqlIdentifier column) {
    return new Builder(expectation, column);
  }

  /** Builds checks in code (benchmarks, tests); contracts get theirs from the parser. */
  public static final class Builder {
    private final Expectation expectation;
    private final SqlIdentifier column;
    private String name;
    private double threshold = 1.0;
    private Severity severity = Severity.ERROR;
    private String minValue;
    private String maxValue;
    private boolean strictMin;
    private boolean strictMax;
    private List<String> valueSet = List.of();
    private String regex;
    private List<SqlIdentifier> columns = List.of();
    private boolean exactMatch = true;
    private String value;
    private String typeName;
    private String query;
    private SqlComparison comparison;
    private long maxAgeSeconds;
    private String rowCondition;
    private IgnoreRowIf ignoreRowIf;
    private List<String> typeList = List.of();

    private Builder(Expectation expectation, SqlIdentifier column) {
      this.expectation = expectation;
      this.column = column;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder threshold(double threshold) {
      this.threshold = threshold;
      return this;
    }

    public Builder severity(Severity severity) {
      this.severity = severity;
      return this;
    }

    /** Inclusive bounds, either {@code null} for none. */
    public Builder between(String min, String max) {
      this.minValue = min;
      this.maxValue = max;
      return this;
    }

    public Builder strict(boolean min, boolean max) {
      this.strictMin = min;
      this.strictMax = max;
      return this;
    }

    public Builder valueSet(List<String> values) {
      this.valueSet = values;
      return this;
    }

    public Builder regex(String regex) {
      this.regex = regex;
      return this;
    }

    public Builder columns(List<SqlIdentifier> columns, boolean exactMatch) {
      this.columns = columns;
      this.exactMatch = exactMatch;
      return this;
    }

    public Builder value(String value) {
      this.value = value;
      return this;
    }

    public Builder typeName(String typeName) {
      this.typeName = typeName;
      return this;
    }

    public Builder query(String query, SqlComparison comparison) {
      this.query = query;
      this.comparison = comparison;
      return this;
    }

    public Builder maxAgeSeconds(long seconds) {
      this.maxAgeSeconds = seconds;
      return this;
    }

    /** GE's {@code row_condition}: a SQL condition on the product's columns. */
    public Builder rowCondition(String condition) {
      this.rowCondition = condition;
      return this;
    }

    public Builder ignoreRowIf(IgnoreRowIf ignore) {
      this.ignoreRowIf = ignore;
      return this;
    }

    public Builder typeList(List<String> types) {
      this.typeList = types;
      return this;
    }

    public QualityCheck build() {
      return new QualityCheck(
          name != null ? name : defaultName(expectation, column),
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
          columns,
          exactMatch,
          value,
          typeName,
          query,
          comparison,
          maxAgeSeconds,
          rowCondition,
          ignoreRowIf,
          typeList,
          false);
    }
  }
}
