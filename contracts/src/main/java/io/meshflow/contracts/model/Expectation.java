package io.meshflow.contracts.model;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The quality expectations a contract may use. Names and semantics follow Great Expectations, plus
 * {@code sql} (a query compared with a value, as in the Open Data Contract Standard) and {@code
 * freshness}. Each knows how it is measured, whether it checks one column, and which arguments it
 * takes.
 */
public enum Expectation {
  EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL(Kind.MAP, true, Set.of(), Set.of()),
  EXPECT_COLUMN_VALUES_TO_BE_NULL(Kind.MAP, true, Set.of(), Set.of()),
  EXPECT_COLUMN_VALUES_TO_BE_BETWEEN(
      Kind.MAP, true, Args.union(Args.BOUNDS, Set.of("allow_cross_type_comparisons")), Set.of()),
  EXPECT_COLUMN_VALUES_TO_BE_IN_SET(Kind.MAP, true, Set.of("value_set"), Set.of("value_set")),
  EXPECT_COLUMN_VALUES_TO_NOT_BE_IN_SET(Kind.MAP, true, Set.of("value_set"), Set.of("value_set")),
  EXPECT_COLUMN_VALUES_TO_MATCH_REGEX(Kind.MAP, true, Set.of("regex"), Set.of("regex")),
  EXPECT_COLUMN_VALUES_TO_NOT_MATCH_REGEX(Kind.MAP, true, Set.of("regex"), Set.of("regex")),
  EXPECT_COLUMN_VALUE_LENGTHS_TO_BE_BETWEEN(Kind.MAP, true, Args.BOUNDS, Set.of()),
  EXPECT_COLUMN_VALUES_TO_BE_UNIQUE(Kind.UNIQUE, true, Set.of(), Set.of()),
  EXPECT_COMPOUND_COLUMNS_TO_BE_UNIQUE(
      Kind.UNIQUE, false, Set.of("column_list", "ignore_row_if"), Set.of("column_list")),
  EXPECT_COLUMN_MIN_TO_BE_BETWEEN(Kind.AGGREGATE, true, Args.BOUNDS, Set.of()),
  EXPECT_COLUMN_MAX_TO_BE_BETWEEN(Kind.AGGREGATE, true, Args.BOUNDS, Set.of()),
  EXPECT_COLUMN_MEAN_TO_BE_BETWEEN(Kind.AGGREGATE, true, Args.BOUNDS, Set.of()),
  EXPECT_COLUMN_SUM_TO_BE_BETWEEN(Kind.AGGREGATE, true, Args.BOUNDS, Set.of()),
  EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN(
      Kind.AGGREGATE, false, Set.of("min_value", "max_value"), Set.of()),
  EXPECT_TABLE_ROW_COUNT_TO_EQUAL(Kind.AGGREGATE, false, Set.of("value"), Set.of("value")),
  FRESHNESS(Kind.AGGREGATE, true, Set.of("max_age"), Set.of("max_age")),
  EXPECT_COLUMN_VALUES_TO_BE_OF_TYPE(Kind.SCHEMA, true, Set.of("type_"), Set.of("type_")),
  EXPECT_COLUMN_VALUES_TO_BE_IN_TYPE_LIST(
      Kind.SCHEMA, true, Set.of("type_list"), Set.of("type_list")),
  EXPECT_TABLE_COLUMNS_TO_MATCH_SET(
      Kind.SCHEMA, false, Set.of("column_set", "exact_match"), Set.of("column_set")),
  EXPECT_TABLE_COLUMNS_TO_MATCH_ORDERED_LIST(
      Kind.SCHEMA, false, Set.of("column_list"), Set.of("column_list")),
  SQL(Kind.SQL, false, Args.SQL, Set.of("query"));

  /** How an expectation is measured. */
  public enum Kind {
    /** Row by row: each considered row passes or not; {@code threshold} (GE's mostly) applies. */
    MAP,
    /** Rows whose value (or combination of values) occurs more than once are unexpected. */
    UNIQUE,
    /** One value computed over the table (min, mean, row count, newest timestamp …). */
    AGGREGATE,
    /** The table's columns and their types; no data is read. */
    SCHEMA,
    /** A query of the contract's own, its single result compared with a value. */
    SQL
  }

  /**
   * Whether the check judges the table as a whole (uniqueness, an aggregate, a row count, a query):
   * on an incremental product it runs on the merged table, not on the run's batch of rows.
   */
  public boolean judgesWholeTable() {
    return kind == Kind.UNIQUE || kind == Kind.AGGREGATE || kind == Kind.SQL;
  }

  /** Argument sets shared by several expectations. */
  private static final class Args {
    static final Set<String> BOUNDS = Set.of("min_value", "max_value", "strict_min", "strict_max");

    static Set<String> union(Set<String> a, Set<String> b) {
      Set<String> all = new java.util.HashSet<>(a);
      all.addAll(b);
      return Set.copyOf(all);
    }

    static final Set<String> SQL =
        Set.of(
            "query",
            "mustBe",
            "mustNotBe",
            "mustBeGreaterThan",
            "mustBeGreaterOrEqualTo",
            "mustBeLessThan",
            "mustBeLessOrEqualTo",
            "mustBeBetween",
            "mustNotBeBetween");
  }

  private final Kind kind;
  private final boolean columnCheck;
  private final Set<String> arguments;
  private final Set<String> requiredArguments;

  Expectation(
      Kind kind, boolean columnCheck, Set<String> arguments, Set<String> requiredArguments) {
    this.kind = kind;
    this.columnCheck = columnCheck;
    this.arguments = arguments;
    this.requiredArguments = requiredArguments;
  }

  /** The name contracts use, e.g. {@code expect_column_values_to_not_be_null} or {@code sql}. */
  public String contractName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public Kind kind() {
    return kind;
  }

  /** Whether the expectation is about one column (and so needs {@code column}). */
  public boolean isColumnCheck() {
    return columnCheck;
  }

  /** Whether {@code threshold} (GE's {@code mostly}) means anything for it. */
  public boolean takesThreshold() {
    return kind == Kind.MAP || kind == Kind.UNIQUE;
  }

  public Set<String> arguments() {
    return arguments;
  }

  public Set<String> requiredArguments() {
    return requiredArguments;
  }

  public static Expectation fromContractName(String name) {
    for (Expectation e : values()) {
      if (e.contractName().equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown expectation '"
            + name
            + "' (expected one of "
            + Arrays.stream(values())
                .map(Expectation::contractName)
                .collect(Collectors.joining(", "))
            + ")");
  }
}
