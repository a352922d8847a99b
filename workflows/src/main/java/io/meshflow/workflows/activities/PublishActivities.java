package io.meshflow.workflows.activities;

import io.temporal.activity.ActivityInterface;

/** Makes a run's output the published product, or throws its staging away. Domain task queue. */
@ActivityInterface
public interface PublishActivities {
  /**
   * Masks PII columns and swaps the new table in, in one transaction: readers see the old version
   * or the new one, never a mix. Idempotent: a retry after a commit finds the run's marker on the
   * published table and returns the same result.
   */
  PublishStepResult publish(PublishStepRequest request);

  /** Drops the run's staging tables; used when a run fails. Idempotent. */
  void discard(DiscardRequest request);
}
