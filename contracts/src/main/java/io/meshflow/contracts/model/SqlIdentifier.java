package io.meshflow.contracts.model;

import java.util.regex.Pattern;

/**
 * A name that ends up in SQL (schema, table or column). Only lower-case letters, digits and
 * underscores, starting with a letter or underscore, at most 63 characters, so it is a valid
 * PostgreSQL identifier that never needs escaping. Always emitted quoted all the same.
 */
public record SqlIdentifier(String value) {
  public static final Pattern PATTERN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public SqlIdentifier {
    if (value == null || !PATTERN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "invalid identifier '"
              + value
              + "' (expected lower-case letters, digits and '_', starting with a letter, at most 63"
              + " characters)");
    }
  }

  public static SqlIdentifier of(String value) {
    return new SqlIdentifier(value);
  }

  public static boolean isValid(String value) {
    return value != null && PATTERN.matcher(value).matches();
  }

  /** The identifier in double quotes, ready to splice into SQL. */
  public String quoted() {
    return '"' + value + '"';
  }

  @Override
  public String toString() {
    return value;
  }
}
