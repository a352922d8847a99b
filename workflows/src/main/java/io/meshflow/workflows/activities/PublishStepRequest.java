package io.meshflow.workflows.activities;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SqlIdentifier;
import java.util.List;

/**
 * Which staging output to publish as which product version.
 *
 * @param partitionColumn the partition column, or null: then the whole table is replaced
 * @param window the partition this run replaces, or null
 * @param masked whether the transform already masked the PII columns
 */
public record PublishStepRequest(
    String runId,
    ProductId product,
    String version,
    String outputTable,
    List<FieldSpec> fields,
    boolean masked,
    SqlIdentifier partitionColumn,
    PartitionWindow window) {
  public PublishStepRequest {
    fields = List.copyOf(fields);
  }
}
