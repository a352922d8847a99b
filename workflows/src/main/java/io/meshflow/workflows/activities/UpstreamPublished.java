package io.meshflow.workflows.activities;

import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.contracts.model.ProductId;

/**
 * A successful publish, as triggers see it.
 *
 * @param window the partition it replaced, or {@code null} when it replaced the whole product
 * @param meshRoot the mesh its contract was read from, or {@code null} for the configured one
 */
public record UpstreamPublished(
    ProductId product, String runId, PartitionWindow window, String meshRoot) {}
