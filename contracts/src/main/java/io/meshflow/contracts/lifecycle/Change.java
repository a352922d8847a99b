package io.meshflow.contracts.lifecycle;

/**
 * One difference between two versions of a contract.
 *
 * @param yamlPath where in the new contract (or the old one, for removals) it is
 * @param description what changed and, for breaking changes, why consumers care
 */
public record Change(Impact impact, String yamlPath, String description) {

  /** What a change means for the product's consumers. */
  public enum Impact {
    /** Consumers may break: needs a new major version. */
    BREAKING,
    /** Safe for consumers. */
    NON_BREAKING,
    /** Cannot be judged from the contract alone (e.g. the SQL model changed). */
    UNKNOWN
  }

  @Override
  public String toString() {
    return impact.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
        + "  "
        + yamlPath
        + ": "
        + description;
  }
}
