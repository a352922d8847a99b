package io.meshflow.orchestrator.lineage;

import io.meshflow.workflows.activities.LineageActivities;
import io.meshflow.workflows.activities.LineageRequest;

/** Builds each OpenLineage event and records it in the catalog. */
public class LineageActivitiesImpl implements LineageActivities {
  private final LineageEventFactory events;
  private final LineageStore store;

  public LineageActivitiesImpl(LineageEventFactory events, LineageStore store) {
    this.events = events;
    this.store = store;
  }

  @Override
  public void emitLineage(LineageRequest request) {
    store.record(events.event(request));
  }
}
