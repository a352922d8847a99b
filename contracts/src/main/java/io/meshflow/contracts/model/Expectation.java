package io.meshflow.contracts.model;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The quality expectations a contract may use, with Great Expectations' names and semantics. Each
 * lists the arguments it accepts and the ones it requires.
 */
public enum Expectation {
  EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL(true, Set.of(), Set.of()),
  EXPECT_COLUMN_VALUES_TO_BE_BETWEEN(
      true, Set.of("min_value", "max_value", "strict_min", "strict_max"), Set.of()),
  EXPECT_COLUMN_VALUES_TO_BE_UNIQUE(true, Set.of(), Set.of()),
  EXPECT_COLUMN_VALUES_TO_BE_IN_SET(true, Set.of("value_set"), Set.of("value_set")),
  EXPECT_COLUMN_VALUES_TO_MATCH_REGEX(true, Set.of("regex"), Set.of("regex")),
  EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN(false, Set.of("min_value", "max_value"), Set.of());

  private final boolean columnCheck;
  private final Set<String> arguments;
  private final Set<String> requiredArguments;

  Expectation(boolean columnCheck, Set<String> arguments, Set<String> requiredArguments) {
    this.columnCheck = columnCheck;
    this.arguments = arguments;
    this.requiredArguments = requiredArguments;
  }

  /** The Great Expectations name, e.g. {@code expect_column_values_to_not_be_null}. */
  public String contractName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether the expectation is about one column (and so needs {@code column}). */
  public boolean isColumnCheck() {
    return columnCheck;
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
