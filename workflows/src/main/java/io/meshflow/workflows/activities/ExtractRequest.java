package io.meshflow.workflows.activities;

import io.meshflow.contracts.model.ProductId;
import io.meshflow.workflows.run.SourcePlan;

/**
 * What to extract, for which run.
 *
 * @param meshRoot the folder of the mesh the plan came from: the source must lie inside it, links
 *     followed ({@code null} only in runs started before requests named it)
 * @param fullRefresh a topic or a cursor-read table is read from its start, not from where the
 *     product's last publish stopped
 */
public record ExtractRequest(
    String runId, ProductId product, SourcePlan source, String meshRoot, boolean fullRefresh) {
  /** A request that reads on from where the last publish stopped. */
  public ExtractRequest(String runId, ProductId product, SourcePlan source, String meshRoot) {
    this(runId, product, source, meshRoot, false);
  }
}
