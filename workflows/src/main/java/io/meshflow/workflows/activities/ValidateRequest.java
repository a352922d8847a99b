package io.meshflow.workflows.activities;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.QualityCheck;
import java.util.List;

/**
 * The table to check, its schema, and the checks.
 *
 * @param evidenceRows how many example failing rows to keep per failed check
 */
public record ValidateRequest(
    String table, List<FieldSpec> fields, List<QualityCheck> checks, int evidenceRows) {
  /** The default number of example failing rows kept per failed check. */
  public static final int DEFAULT_EVIDENCE_ROWS = 20;

  public ValidateRequest {
    fields = List.copyOf(fields);
    checks = List.copyOf(checks);
  }
}
