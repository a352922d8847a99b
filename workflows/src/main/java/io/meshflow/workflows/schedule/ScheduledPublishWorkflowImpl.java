package io.meshflow.workflows.schedule;

import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.workflows.publish.PublishRuns;
import io.meshflow.workflows.publish.PublishWorkflow;
import io.meshflow.workflows.run.PublishRequest;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * One tick of a schedule. A failed run is the run's business (it is in the run store and the
 * Temporal UI); the schedule goes on to its next tick either way.
 */
public class ScheduledPublishWorkflowImpl implements ScheduledPublishWorkflow {
  private static final Logger LOG = Workflow.getLogger(ScheduledPublishWorkflowImpl.class);

  @Override
  public void tick(ScheduleRequest request) {
    String product = request.plan().product().toString();
    PartitionWindow window =
        request.granularity() == null
            ? null
            : PartitionWindow.latestComplete(
                request.granularity(), Instant.ofEpochMilli(Workflow.currentTimeMillis()));
    String partition = window == null ? PublishRequest.LATEST : window.key();
    PublishWorkflow run =
        Workflow.newChildWorkflowStub(
            PublishWorkflow.class,
            PublishRuns.childOptions(request.plan(), partition, "schedule", "schedule").build());
    try {
      run.publish(new PublishRequest(request.plan(), "schedule", partition, window));
    } catch (ChildWorkflowFailure failure) {
      LOG.warn(
          "scheduled run of {} ({}) did not succeed: {}", product, partition, failure.getMessage());
    }
  }
}
