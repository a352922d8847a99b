package io.meshflow.workers.worker;

import io.meshflow.contracts.model.SourceRoots;
import io.meshflow.workers.activities.ExtractActivitiesImpl;
import io.meshflow.workers.activities.PromoteActivitiesImpl;
import io.meshflow.workers.activities.TransformActivitiesImpl;
import io.meshflow.workers.activities.ValidateActivitiesImpl;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.backfill.BackfillWorkflowImpl;
import io.meshflow.workflows.publish.PublishWorkflowImpl;
import io.meshflow.workflows.schedule.ScheduledPublishWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;

/**
 * Registers a domain's worker: the publish workflow and the data activities, on the domain's own
 * task queue {@code meshflow.domain.<domain>}.
 */
public final class DomainWorkers {
  private DomainWorkers() {}

  /**
   * Adds the worker of {@code domain} to {@code factory} (not started).
   *
   * @param roots the folders besides a run's mesh that its source files may be read from
   * @param remote whether the worker talks to a server in another process; then sticky execution is
   *     off, so a workflow never waits on a cache in a worker that has died
   */
  public static Worker register(
      WorkerFactory factory,
      String domain,
      Warehouse warehouse,
      SourceRoots roots,
      boolean remote) {
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if (remote) {
      options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
    Worker worker = factory.newWorker(TaskQueues.domain(domain), options.build());
    worker.registerWorkflowImplementationTypes(
        PublishWorkflowImpl.class, ScheduledPublishWorkflowImpl.class, BackfillWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new ExtractActivitiesImpl(warehouse, roots),
        new TransformActivitiesImpl(warehouse),
        new ValidateActivitiesImpl(warehouse),
        new PromoteActivitiesImpl(warehouse));
    return worker;
  }
}
