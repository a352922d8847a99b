package io.meshflow.workflows.activities;

import io.meshflow.contracts.access.Exposure;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workflows.run.SourceRange;
import java.util.List;

/**
 * Which staging output to publish as which product version.
 *
 * @param partitionColumn the partition column, or null: then the whole table is replaced
 * @param window the partition this run replaces, or null
 * @param masked whether the transform already masked the PII columns
 * @param expectedRows the rows the transform wrote, which the staged output must still hold; -1 for
 *     no check
 * @param allowEmpty an empty output may replace published rows
 * @param maxShrinkPercent the largest share of the published rows (of the partition) the output may
 *     take away, or null
 * @param range what the run read of a source read incrementally, committed with the publish; or
 *     null
 * @param merge how an incremental product's rows are merged into the published table; null to
 *     replace the table (or partition) with the output
 * @param eventTimeColumn the field whose newest published value the publish reports, or null
 * @param exposure the grants, secured view and row filters the published product gets, in the
 *     publish's transaction; null to keep the grants the replaced table had
 */
public record PromoteRequest(
    String runId,
    ProductId product,
    String version,
    String outputTable,
    List<FieldSpec> fields,
    boolean masked,
    SqlIdentifier partitionColumn,
    PartitionWindow window,
    long expectedRows,
    boolean allowEmpty,
    Double maxShrinkPercent,
    SourceRange range,
    Merge merge,
    SqlIdentifier eventTimeColumn,
    Exposure exposure) {
  /** A request for a source read whole. */
  public PromoteRequest(
      String runId,
      ProductId product,
      String version,
      String outputTable,
      List<FieldSpec> fields,
      boolean masked,
      SqlIdentifier partitionColumn,
      PartitionWindow window,
      long expectedRows,
      boolean allowEmpty,
      Double maxShrinkPercent) {
    this(
        runId,
        product,
        version,
        outputTable,
        fields,
        masked,
        partitionColumn,
        window,
        expectedRows,
        allowEmpty,
        maxShrinkPercent,
        null,
        null,
        null,
        null);
  }

  public PromoteRequest {
    fields = List.copyOf(fields);
  }
}
