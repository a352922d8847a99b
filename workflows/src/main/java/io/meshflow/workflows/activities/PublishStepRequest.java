package io.meshflow.workflows.activities;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.ProductId;
import java.util.List;

/**
 * Which staging output to publish as which product version.
 *
 * @param masked whether the transform already masked the PII columns
 */
public record PublishStepRequest(
    String runId,
    ProductId product,
    String version,
    String outputTable,
    List<FieldSpec> fields,
    boolean masked) {
  public PublishStepRequest {
    fields = List.copyOf(fields);
  }
}
