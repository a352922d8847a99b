package io.meshflow.workflows.activities;

import io.meshflow.contracts.model.ProductId;
import io.meshflow.workflows.publish.SourcePlan;

/** What to extract, for which run. */
public record ExtractRequest(String runId, ProductId product, SourcePlan source) {}
