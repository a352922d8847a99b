package io.meshflow.contracts.model;

import java.util.List;
import java.util.Objects;

/**
 * One column of a product's schema.
 *
 * @param masking how the column is masked at publish, or {@code null} when it is published as is
 * @param timezone for a timestamp column, the IANA zone its values are read in when they carry none
 *     ({@code constraints.timezone}); {@code null} when the contract names none
 * @param tags free labels ({@code tags: [email]}) that access policies treat columns by, beside
 *     {@code pii}
 */
public record FieldSpec(
    SqlIdentifier name,
    FieldType type,
    String description,
    boolean primaryKey,
    boolean nullable,
    boolean pii,
    Masking masking,
    String timezone,
    List<String> tags) {

  public FieldSpec {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** A column without tags. */
  public FieldSpec(
      SqlIdentifier name,
      FieldType type,
      String description,
      boolean primaryKey,
      boolean nullable,
      boolean pii,
      Masking masking,
      String timezone) {
    this(name, type, description, primaryKey, nullable, pii, masking, timezone, List.of());
  }

  /** A column with no declared time zone. */
  public FieldSpec(
      SqlIdentifier name,
      FieldType type,
      String description,
      boolean primaryKey,
      boolean nullable,
      boolean pii,
      Masking masking) {
    this(name, type, description, primaryKey, nullable, pii, masking, null, List.of());
  }

  /**
   * The one time zone the timestamp columns of {@code fields} declare, or {@code null} when none
   * declares one (the parser refuses a schema whose columns declare different zones).
   */
  public static String timezoneOf(List<FieldSpec> fields) {
    return fields.stream()
        .map(FieldSpec::timezone)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }
}
