package io.meshflow.workflows.activities;

import io.meshflow.contracts.model.ProductId;
import io.meshflow.workflows.run.SourcePlan;

/**
 * What to extract, for which run.
 *
 * @param meshRoot the folder of the mesh the plan came from: the source must lie inside it, links
 *     followed ({@code null} only in runs started before requests named it)
 */
public record ExtractRequest(String runId, ProductId product, SourcePlan source, String meshRoot) {}
