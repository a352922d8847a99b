package io.meshflow.orchestrator.platform;

import io.meshflow.orchestrator.catalog.RunDao;
import io.meshflow.workflows.activities.CatalogActivities;
import io.meshflow.workflows.run.RunRecord;
import io.meshflow.workflows.run.RunStarted;
import io.meshflow.workflows.run.RunStatus;
import io.meshflow.workflows.run.StepRecord;
import io.meshflow.workflows.sla.Published;
import io.meshflow.workflows.sla.SlaMonitorRequest;
import io.meshflow.workflows.sla.SlaMonitorWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;

/**
 * The platform's catalog activities, writing to the run store; a run that published tells its
 * product's SLA monitor, which re-arms its freshness timer.
 */
public class CatalogActivitiesImpl implements CatalogActivities {
  private final RunDao runs;
  private final WorkflowClient client;

  /**
   * @param client where the products' SLA monitors run; null to tell none
   */
  public CatalogActivitiesImpl(RunDao runs, WorkflowClient client) {
    this.runs = runs;
    this.client = client;
  }

  @Override
  public void runStarted(RunStarted run) {
    runs.started(run);
  }

  @Override
  public void recordRun(RunRecord run) {
    runs.finished(run);
    if (client != null && run.status() == RunStatus.SUCCEEDED && run.publishedTable() != null) {
      tellMonitor(run);
    }
  }

  /** From the run's first step to its end; 0 when no step started. */
  private static long duration(RunRecord run) {
    long started =
        run.steps().stream()
            .mapToLong(StepRecord::startedAtMillis)
            .filter(t -> t > 0)
            .min()
            .orElse(run.finishedAtMillis());
    return run.finishedAtMillis() - started;
  }

  /** Signals the product's monitor; a product without one (no SLA, none running) is left be. */
  private void tellMonitor(RunRecord run) {
    Long dataTime =
        run.newestEventMillis() != null
            ? run.newestEventMillis()
            : run.newestIngestionMillis() != null
                ? run.newestIngestionMillis()
                : run.rowsOut() > 0 ? run.finishedAtMillis() : null;
    try {
      client
          .newWorkflowStub(SlaMonitorWorkflow.class, SlaMonitorRequest.workflowId(run.product()))
          .published(
              new Published(
                  run.runId(),
                  dataTime == null ? 0 : dataTime,
                  run.finishedAtMillis(),
                  duration(run)));
    } catch (WorkflowNotFoundException e) {
      // not monitored (yet): the monitor reads the catalog when it starts
    }
  }
}
