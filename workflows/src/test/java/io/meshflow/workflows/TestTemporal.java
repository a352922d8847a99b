package io.meshflow.workflows;

import io.meshflow.workflows.backfill.BackfillWorkflowImpl;
import io.meshflow.workflows.publish.PublishWorkflowImpl;
import io.meshflow.workflows.schedule.ScheduledPublishWorkflowImpl;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

/**
 * Temporal's test server set up as Meshflow's workers set it up: the search attributes, every
 * Meshflow workflow on each domain's queue, and the activities — stood in for by {@code activities}
 * — on the domain queues and the platform queue.
 */
final class TestTemporal {
  private TestTemporal() {}

  /** A started environment; the caller closes it. */
  static TestWorkflowEnvironment start(FakeActivities activities, String... domains) {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    for (var key : MeshflowSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    for (String domain : domains) {
      Worker worker = env.newWorker(TaskQueues.domain(domain));
      worker.registerWorkflowImplementationTypes(
          PublishWorkflowImpl.class,
          ScheduledPublishWorkflowImpl.class,
          BackfillWorkflowImpl.class);
      worker.registerActivitiesImplementations(activities);
    }
    Worker platform = env.newWorker(TaskQueues.PLATFORM);
    platform.registerWorkflowImplementationTypes(
        io.meshflow.workflows.access.AccessRequestWorkflowImpl.class,
        io.meshflow.workflows.sla.SlaMonitorWorkflowImpl.class,
        io.meshflow.workflows.sla.AlertWorkflowImpl.class);
    platform.registerActivitiesImplementations(activities);
    env.start();
    return env;
  }
}
