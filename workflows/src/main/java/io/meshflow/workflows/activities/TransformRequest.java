package io.meshflow.workflows.activities;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.ProductId;
import java.util.List;

/**
 * @param sourceTable the extracted staging table, or {@code null} when the product has no source
 * @param mask whether to mask PII columns already here (when no check needs their raw values)
 */
public record TransformRequest(
    String runId,
    ProductId product,
    String modelSql,
    String sourceTable,
    List<FieldSpec> fields,
    boolean mask) {
  public TransformRequest {
    fields = List.copyOf(fields);
  }
}
