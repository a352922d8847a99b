package io.meshflow.workflows.schedule;

import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.contracts.model.Partitioning;
import io.meshflow.workflows.publish.PublishRequest;
import io.meshflow.workflows.publish.PublishWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
            : latestComplete(
                request.granularity(), Instant.ofEpochMilli(Workflow.currentTimeMillis()));
    String partition = window == null ? PublishRequest.LATEST : window.key();
    PublishWorkflow run =
        Workflow.newChildWorkflowStub(
            PublishWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(PublishWorkflow.workflowId(product, partition))
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    try {
      run.publish(new PublishRequest(request.plan(), "schedule", partition, window));
    } catch (ChildWorkflowFailure failure) {
      LOG.warn(
          "scheduled run of {} ({}) did not succeed: {}", product, partition, failure.getMessage());
    }
  }

  /** The last partition that has fully ended by {@code now}, e.g. yesterday for a daily product. */
  static PartitionWindow latestComplete(Partitioning.Granularity granularity, Instant now) {
    ZonedDateTime utc = now.atZone(ZoneOffset.UTC);
    String key =
        switch (granularity) {
          case HOUR ->
              utc.truncatedTo(ChronoUnit.HOURS)
                  .minusHours(1)
                  .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH"));
          case DAY -> utc.toLocalDate().minusDays(1).toString();
          case MONTH ->
              utc.toLocalDate()
                  .withDayOfMonth(1)
                  .minusMonths(1)
                  .format(DateTimeFormatter.ofPattern("yyyy-MM"));
        };
    return PartitionWindow.of(granularity, key);
  }
}
