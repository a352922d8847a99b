package io.meshflow.contracts.model;

/** Where the extract step reads a product's raw data from. */
public enum SourceType {
  /** A CSV file with a header row, loaded with {@code COPY}. */
  CSV,
  /** A file of JSON objects, one per line, loaded with {@code COPY} into a {@code jsonb} column. */
  JSONL,
  /**
   * A table or query of an operational PostgreSQL database, read over JDBC and streamed into
   * staging ({@code COPY … TO STDOUT} piped into {@code COPY … FROM STDIN}).
   */
  POSTGRES,
  /**
   * A Kafka topic of JSON objects, read from the offsets the last publish committed to the end
   * offsets the extract finds, and copied into staging with each record's key, value, topic,
   * partition, offset and timestamp.
   */
  KAFKA;

  /** Whether the source is a file (its table declares a {@code format} and a {@code path}). */
  public boolean isFile() {
    return this == CSV || this == JSONL;
  }

  public String contractName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The format a contract or a source declaration names; {@code what} is how the message calls it
   * ({@code source type}, {@code format}).
   */
  public static SourceType parse(String name, String what) {
    for (SourceType s : values()) {
      if (s.isFile() && s.contractName().equals(name)) return s;
    }
    throw new IllegalArgumentException(
        "unknown " + what + " '" + name + "' (expected csv or jsonl)");
  }
}
