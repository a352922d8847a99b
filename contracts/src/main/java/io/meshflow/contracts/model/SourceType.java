package io.meshflow.contracts.model;

/** Where the extract step reads a product's raw data from. */
public enum SourceType {
  /** A CSV file with a header row, loaded with {@code COPY}. */
  CSV,
  /** A file of JSON objects, one per line, loaded with {@code COPY} into a {@code jsonb} column. */
  JSONL;

  public String contractName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
