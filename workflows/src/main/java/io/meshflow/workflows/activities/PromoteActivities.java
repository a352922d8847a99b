package io.meshflow.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Step 4 of a run: promotes its output to be the published product, or throws its staging away.
 * Domain task queue.
 */
@ActivityInterface
public interface PromoteActivities {
  /**
   * Masks PII columns and swaps the new table in, in one transaction: readers see the old version
   * or the new one, never a mix. Idempotent: a retry after a commit finds the run's marker on the
   * published table and returns the same result. Its activity type is {@code Publish}, the name
   * recorded histories carry.
   */
  @ActivityMethod(name = "Publish")
  PromoteResult promote(PromoteRequest request);

  /** Drops the run's staging tables; used when a run fails. Idempotent. */
  void discard(DiscardRequest request);
}
