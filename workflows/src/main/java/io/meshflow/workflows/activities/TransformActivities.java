package io.meshflow.workflows.activities;

import io.temporal.activity.ActivityInterface;

/** Runs a product's SQL model into a typed staging table. Runs on the domain's task queue. */
@ActivityInterface
public interface TransformActivities {
  /**
   * Renders the model, checks its columns against the contract's schema (failing with a precise
   * diff), and writes its output cast to the contract's types. Idempotent under retry.
   */
  TransformResult transform(TransformRequest request);
}
