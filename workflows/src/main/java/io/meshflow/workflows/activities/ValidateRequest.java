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
 */
public record ValidateRequest(
    String table,
    List<FieldSpec> fields,
    List<QualityCheck> checks,
    int evidenceRows,
    long expectedRows) {
  /** The default number of example failing rows kept per failed check. */
  public static final int DEFAULT_EVIDENCE_ROWS = 20;

  public ValidateRequest {
    fields = List.copyOf(fields);
    checks = List.copyOf(checks);
  }
}
