package io.meshflow.workflows.publish;

import io.meshflow.workflows.MeshflowSearchAttributes;
import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.run.PublishPlan;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.ChildWorkflowOptions;

/**
 * The one place a publish run's start options are made: by clients (CLI, API) and by workflows that
 * start runs as their children (schedules, backfills, upstream triggers). Every run of a product
 * and partition has the same workflow id, so a run already going is joined, never doubled.
 */
public final class PublishRuns {
  private PublishRuns() {}

  /**
   * Options of a run of {@code plan}'s product for {@code partition}, started by a client: its
   * workflow id, the product's domain queue, its search attributes and summary.
   */
  public static WorkflowOptions.Builder options(
      PublishPlan plan, String partition, String trigger) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId(plan, partition))
        .setTaskQueue(taskQueue(plan))
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setTypedSearchAttributes(searchAttributes(plan, trigger))
        .setStaticSummary(summary(plan, partition));
  }

  /**
   * Options of a child publish run: as {@link #options}, with a summary ending in {@code why}, e.g.
   * {@code "backfill"}.
   */
  public static ChildWorkflowOptions.Builder childOptions(
      PublishPlan plan, String partition, String trigger, String why) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(workflowId(plan, partition))
        .setTaskQueue(taskQueue(plan))
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setTypedSearchAttributes(searchAttributes(plan, trigger))
        .setStaticSummary(summary(plan, partition) + ", " + why);
  }

  private static String workflowId(PublishPlan plan, String partition) {
    return PublishWorkflow.workflowId(plan.product().toString(), partition);
  }

  private static String taskQueue(PublishPlan plan) {
    return TaskQueues.domain(plan.product().domain().value());
  }

  private static io.temporal.common.SearchAttributes searchAttributes(
      PublishPlan plan, String trigger) {
    return MeshflowSearchAttributes.ofRun(plan.product(), plan.version(), trigger);
  }

  private static String summary(PublishPlan plan, String partition) {
    return "Publish **" + plan.product() + "** " + plan.version() + " (" + partition + ")";
  }
}
