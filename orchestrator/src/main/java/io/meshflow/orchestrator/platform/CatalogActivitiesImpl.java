package io.meshflow.orchestrator.platform;

import io.meshflow.orchestrator.catalog.RunDao;
import io.meshflow.workflows.activities.CatalogActivities;
import io.meshflow.workflows.run.RunRecord;
import io.meshflow.workflows.run.RunStarted;

/** The platform's catalog activities, writing to the run store. */
public class CatalogActivitiesImpl implements CatalogActivities {
  private final RunDao runs;

  public CatalogActivitiesImpl(RunDao runs) {
    this.runs = runs;
  }

  @Override
  public void runStarted(RunStarted run) {
    runs.started(run);
  }

  @Override
  public void recordRun(RunRecord run) {
    runs.finished(run);
  }
}
