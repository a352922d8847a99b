package io.meshflow.workflows.activities;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SqlIdentifier;
import java.util.List;

/**
 * @param sourceTable the extracted staging table, or {@code null} when the product has no source
 * @param partitionColumn the partition column, or null for an unpartitioned product
 * @param window the run's partition window (its rows must all fall in it), or null
 * @param mask whether to mask PII columns already here (when no check needs their raw values)
 * @param sourceRows the rows the extract step loaded into {@code sourceTable}, which the transform
 *     checks before reading it; -1 for no check
 * @param exactSchema the model must return exactly the fields; otherwise at least them, and the
 *     columns it returns besides are not published
 */
public record TransformRequest(
    String runId,
    ProductId product,
    String modelSql,
    String sourceTable,
    List<FieldSpec> fields,
    boolean mask,
    SqlIdentifier partitionColumn,
    PartitionWindow window,
    long sourceRows,
    boolean exactSchema) {
  public TransformRequest {
    fields = List.copyOf(fields);
  }

  /** A request whose model must return exactly the fields. */
  public TransformRequest(
      String runId,
      ProductId product,
      String modelSql,
      String sourceTable,
      List<FieldSpec> fields,
      boolean mask,
      SqlIdentifier partitionColumn,
      PartitionWindow window,
      long sourceRows) {
    this(
        runId,
        product,
        modelSql,
        sourceTable,
        fields,
        mask,
        partitionColumn,
        window,
        sourceRows,
        true);
  }
}
