package io.meshflow.workflows.activities;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.QualityCheck;
import java.util.List;

/**
 * The table to check, its schema, and the checks.
 *
 * @param evidenceRows how many example failing rows to keep per failed check
 * @param expectedRows the rows the transform wrote to {@code table}, which the checks must find; -1
 *     for no check
 * @param runStartedAtMillis when the run started (epoch millis), the value of {@code {{
 *     run_started_at }}} in a check's bounds; 0 in runs started before requests carried it (the
 *     check's own time stands in)
 */
public record ValidateRequest(
    String table,
    List<FieldSpec> fields,
    List<QualityCheck> checks,
    int evidenceRows,
    long expectedRows,
    long runStartedAtMillis) {
  /** The default number of example failing rows kept per failed check. */
  public static final int DEFAULT_EVIDENCE_ROWS = 20;

  public ValidateRequest {
    fields = List.copyOf(fields);
    checks = List.copyOf(checks);
  }

  /** A request with no run start: {@code {{ run_started_at }}} is the check's own time. */
  public ValidateRequest(
      String table,
      List<FieldSpec> fields,
      List<QualityCheck> checks,
      int evidenceRows,
      long expectedRows) {
    this(table, fields, checks, evidenceRows, expectedRows, 0);
  }
}
