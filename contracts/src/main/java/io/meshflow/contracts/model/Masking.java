package io.meshflow.contracts.model;

/** How a PII column is masked before it is published. */
public enum Masking {
  /** Replaced by the hex SHA-256 of its value: joinable, not readable. */
  HASH,
  /** Replaced by NULL. */
  REDACT;

  public String contractName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
