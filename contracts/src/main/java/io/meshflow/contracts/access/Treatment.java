package io.meshflow.contracts.access;

import java.util.Locale;

/**
 * What a consumer sees of a column an access policy governs, from the most revealing to the least:
 * the order decides which treatment wins when policies or roles disagree.
 */
public enum Treatment {
  /** The value as published. */
  PASS,
  /**
   * Part of the value: an e-mail address keeps its domain ({@code ***@example.com}), other text its
   * last four characters.
   */
  PARTIAL,
  /** The hex SHA-256 of the value: joinable, not readable. */
  HASH,
  /** NULL, or the rule's fixed mask. */
  REDACT;

  /** The name policies use, e.g. {@code redact}. */
  public String policyName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The treatment named {@code name} in a policy file. */
  public static Treatment of(String name) {
    for (Treatment t : values()) {
      if (t.policyName().equals(name)) return t;
    }
    throw new IllegalArgumentException(
        "unknown treatment '" + name + "' (expected pass, partial, hash or redact)");
  }

  /** Whichever of the two shows less. */
  public Treatment stricter(Treatment other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
