package io.meshflow.workflows.activities;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.QualityCheck;
import java.util.List;

/** The table to check, its schema, and the checks. */
public record ValidateRequest(String table, List<FieldSpec> fields, List<QualityCheck> checks) {
  public ValidateRequest {
    fields = List.copyOf(fields);
    checks = List.copyOf(checks);
  }
}
