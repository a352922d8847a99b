package io.meshflow.orchestrator.security;

import java.util.Locale;

/**
 * What a caller of the HTTP API may do. A token (or a JWT's scopes) grants permissions by their
 * names, e.g. {@code catalog:read}; {@code *} grants all of them.
 */
public enum ApiPermission {
  /** Read products, runs, checks, lineage, impact, schedules and backfills. */
  CATALOG_READ("catalog:read"),
  /** Start runs and backfills, and steer backfills. */
  RUNS_TRIGGER("runs:trigger"),
  /** Register contract versions. */
  CONTRACTS_REGISTER("contracts:register"),
  /** Send OpenLineage events. */
  LINEAGE_WRITE("lineage:write"),
  /** Administer who reads what. */
  ACCESS_ADMIN("access:admin");

  private final String scope;

  ApiPermission(String scope) {
    this.scope = scope;
  }

  /** The name tokens and scopes use, e.g. {@code runs:trigger}. */
  public String scope() {
    return scope;
  }

  /** The permission named {@code scope}. */
  public static ApiPermission of(String scope) {
    for (ApiPermission p : values()) {
      if (p.scope.equals(scope.trim().toLowerCase(Locale.ROOT))) return p;
    }
    throw new IllegalArgumentException(
        "unknown API permission '"
            + scope
            + "' (expected catalog:read, runs:trigger, contracts:register, lineage:write,"
            + " access:admin or *)");
  }
}
