package io.meshflow.workers.sql;

import io.meshflow.contracts.model.SqlIdentifier;
import java.util.Locale;

/**
 * Names of a run's staging tables, all in schema {@value #SCHEMA} and keyed by run id, so a retried
 * step finds (and replaces) its own tables and two runs never share one.
 */
public final class StagingTables {
  public static final String SCHEMA = "meshflow_staging";
  public static final SqlIdentifier SCHEMA_ID = SqlIdentifier.of(SCHEMA);
  private static final String QUOTED_SCHEMA = '"' + SCHEMA + '"';

  private final String key;

  private StagingTables(String key) {
    this.key = key;
  }

  /**
   * The staging tables of run {@code runId} (a UUID or any text; only its letters and digits
   * count).
   */
  public static StagingTables of(String runId) {
    String key = runId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("run id '" + runId + "' has no letters or digits");
    }
    return new StagingTables(key.length() > 40 ? key.substring(0, 40) : key);
  }

  /** The extracted raw source. */
  public SqlIdentifier source() {
    return SqlIdentifier.of("s_" + key + "_src");
  }

  /** The model's typed output. */
  public SqlIdentifier output() {
    return SqlIdentifier.of("s_" + key + "_out");
  }

  /** The masked copy of the output that gets published. */
  public SqlIdentifier masked() {
    return SqlIdentifier.of("s_" + key + "_pub");
  }

  public static String qualified(SqlIdentifier table) {
    return QUOTED_SCHEMA + "." + table.quoted();
  }

  public String qualifiedSource() {
    return qualified(source());
  }

  public String qualifiedOutput() {
    return qualified(output());
  }
}
