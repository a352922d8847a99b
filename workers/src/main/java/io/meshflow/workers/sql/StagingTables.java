package io.meshflow.workers.sql;

import io.meshflow.contracts.model.SqlIdentifier;
import java.util.Locale;

/**
 * Names of a run's staging tables, all in one staging schema (a domain's own, see {@link
 * DomainRole#stagingSchema()}) and keyed by run id, so a retried step finds (and replaces) its own
 * tables and two runs never share one.
 */
public final class StagingTables {
  /** The staging schema of a warehouse that belongs to no domain (the platform's, in tests). */
  public static final SqlIdentifier SHARED_SCHEMA = SqlIdentifier.of("meshflow_staging");

  private final SqlIdentifier schema;
  private final String key;

  private StagingTables(SqlIdentifier schema, String key) {
    this.schema = schema;
    this.key = key;
  }

  /**
   * The staging tables of run {@code runId} (a UUID or any text; only its letters and digits count)
   * in {@code schema}.
   */
  public static StagingTables of(SqlIdentifier schema, String runId) {
    String key = keyOfRun(runId);
    if (key.isEmpty()) {
      throw new IllegalArgumentException("run id '" + runId + "' has no letters or digits");
    }
    return new StagingTables(schema, key);
  }

  /**
   * The key of the run whose staging table is named {@code table}, or null for a table that is no
   * run's staging.
   */
  public static String keyOf(String table) {
    java.util.regex.Matcher m = TABLE.matcher(table);
    return m.matches() ? m.group(1) : null;
  }

  /** The key of {@code runId}'s staging tables. */
  public static String keyOfRun(String runId) {
    String key = runId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return key.length() > 40 ? key.substring(0, 40) : key;
  }

  private static final java.util.regex.Pattern TABLE =
      java.util.regex.Pattern.compile("s_([a-z0-9]{1,40})_(src|raw|out|pub)");

  public SqlIdentifier schema() {
    return schema;
  }

  /** The extracted raw source. */
  public SqlIdentifier source() {
    return SqlIdentifier.of("s_" + key + "_src");
  }

  /** The documents of a JSONL source before they are flattened into {@link #source()}. */
  public SqlIdentifier raw() {
    return SqlIdentifier.of("s_" + key + "_raw");
  }

  /** The model's typed output. */
  public SqlIdentifier output() {
    return SqlIdentifier.of("s_" + key + "_out");
  }

  /** The masked copy of the output that gets published. */
  public SqlIdentifier masked() {
    return SqlIdentifier.of("s_" + key + "_pub");
  }

  public String qualified(SqlIdentifier table) {
    return schema.quoted() + "." + table.quoted();
  }

  public String qualifiedSource() {
    return qualified(source());
  }

  public String qualifiedOutput() {
    return qualified(output());
  }
}
