package io.meshflow.contracts.model;

/**
 * A column a source declaration gives a source table: staged with this name and type.
 *
 * @param from the column's name in the source when it is no identifier ({@code "Order ID"} in a CSV
 *     header or a JSON key), mapped to {@code name}; {@code null} when the names are the same
 */
public record SourceColumn(SqlIdentifier name, FieldType type, String from) {
  /** A column named as in the source. */
  public SourceColumn(SqlIdentifier name, FieldType type) {
    this(name, type, null);
  }

  /** The column's name in the source. */
  public String sourceName() {
    return from != null ? from : name.value();
  }

  /** The column's name in the source as a quoted SQL identifier, whatever characters it holds. */
  public String quotedSourceName() {
    return "\"" + sourceName().replace("\"", "\"\"") + "\"";
  }
}
