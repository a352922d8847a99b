package io.meshflow.workers.sql;

import io.meshflow.contracts.model.SqlIdentifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names a domain's data work runs under in the warehouse: its own login role, which owns the
 * domain's schema and its staging schema and nothing else, and that staging schema, where raw
 * (unmasked) source data sits while a run goes on.
 */
public record DomainRole(SqlIdentifier domain) {
  public static final String ROLE_PREFIX = "meshflow_domain_";
  public static final String STAGING_PREFIX = "meshflow_staging_";

  /**
   * The group every domain's role belongs to: the domains' own work sees every row of a product,
   * whatever row filters its consumers have.
   */
  public static final String DOMAINS_GROUP = "meshflow_domains";

  public static DomainRole of(String domain) {
    return new DomainRole(SqlIdentifier.of(domain));
  }

  /** The login role, e.g. {@code meshflow_domain_orders}. */
  public SqlIdentifier role() {
    return bounded(ROLE_PREFIX);
  }

  /** The schema of the domain's staging tables, e.g. {@code meshflow_staging_orders}. */
  public SqlIdentifier stagingSchema() {
    return bounded(STAGING_PREFIX);
  }

  /**
   * The environment variable holding the role's password in a deployment, e.g. {@code
   * MESHFLOW_DOMAIN_ORDERS_PASSWORD}.
   */
  public String passwordVariable() {
    return "MESHFLOW_DOMAIN_" + domain.value().toUpperCase(java.util.Locale.ROOT) + "_PASSWORD";
  }

  /** Prefix and domain; a domain too long for PostgreSQL's 63 characters keeps a hash of itself. */
  private SqlIdentifier bounded(String prefix) {
    String name = prefix + domain.value();
    if (name.length() <= 63) return SqlIdentifier.of(name);
    return SqlIdentifier.of(name.substring(0, 54) + "_" + hash(domain.value()));
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
