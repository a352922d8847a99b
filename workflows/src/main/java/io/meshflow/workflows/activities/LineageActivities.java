package io.meshflow.workflows.activities;

import io.temporal.activity.ActivityInterface;

/** Records a run's OpenLineage events. Runs on the platform task queue. */
@ActivityInterface
public interface LineageActivities {
  /**
   * Builds the OpenLineage event and stores it in the catalog's outbox, from where it is also
   * delivered to the configured transports, retried there until they take it. Idempotent: one event
   * per run and event type.
   */
  void emitLineage(LineageRequest request);
}
