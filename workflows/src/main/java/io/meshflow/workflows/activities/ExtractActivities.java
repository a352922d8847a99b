package io.meshflow.workflows.activities;

import io.temporal.activity.ActivityInterface;

/** Loads a product's raw source into a staging table. Runs on the domain's task queue. */
@ActivityInterface
public interface ExtractActivities {
  /**
   * Streams the source into the run's staging table with {@code COPY}. Idempotent: a retry rebuilds
   * the same table from scratch.
   */
  ExtractResult extract(ExtractRequest request);
}
