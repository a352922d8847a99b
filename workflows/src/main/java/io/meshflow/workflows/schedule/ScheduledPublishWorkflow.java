package io.meshflow.workflows.schedule;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A product's schedule: a Temporal cron workflow ({@code schedule/<product>}) on the domain's task
 * queue; each tick publishes the product, or its latest complete partition, as a child run.
 */
@WorkflowInterface
public interface ScheduledPublishWorkflow {
  static String workflowId(String product) {
    return "schedule/" + product;
  }

  @WorkflowMethod(name = "ScheduledPublish")
  void tick(ScheduleRequest request);
}
