package io.meshflow.workflows.activities;

import io.meshflow.workflows.run.RunRecord;
import io.meshflow.workflows.run.RunStarted;
import io.temporal.activity.ActivityInterface;

/** Records runs in Meshflow's catalog. Runs on the platform task queue. */
@ActivityInterface
public interface CatalogActivities {
  /** Records that a run began. Idempotent (keyed by run id). */
  void runStarted(RunStarted run);

  /**
   * Catalog-update: records the run's outcome, steps, row counts and check results and, when it
   * published, the product version it made current. Idempotent (keyed by run id).
   */
  void recordRun(RunRecord run);
}
