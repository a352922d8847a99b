package io.meshflow.workflows.sla;

import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.activities.SlaActivities;
import io.meshflow.workflows.activities.SlaAlert;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** One alert's delivery: the activity posts to every webhook not yet reached, retried durably. */
public class AlertWorkflowImpl implements AlertWorkflow {
  /** A receiver that is down gets the alert when it is back, for up to a week. */
  private final SlaActivities deliveries =
      Workflow.newActivityStub(
          SlaActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.PLATFORM)
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setScheduleToCloseTimeout(Duration.ofDays(7))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setBackoffCoefficient(2.0)
                      .setMaximumInterval(Duration.ofMinutes(5))
                      .setMaximumAttempts(0)
                      .build())
              .build());

  @Override
  public void deliver(SlaAlert alert) {
    deliveries.deliver(alert);
  }
}
