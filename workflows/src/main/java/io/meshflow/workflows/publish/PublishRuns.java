package io.meshflow.workflows.publish;

import io.meshflow.workflows.MeshflowSearchAttributes;
import io.meshflow.workflows.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.workflow.ChildWorkflowOptions;

/** How workflows start publish runs as their children: schedules, backfills, upstream triggers. */
public final class PublishRuns {
  private PublishRuns() {}

  /**
   * Options of a child publish run of {@code plan}'s product for {@code partition}: the usual
   * workflow id (so a run of it already going is never doubled), the product's domain queue, its
   * search attributes and a summary ending in {@code why}, e.g. {@code "backfill"}.
   */
  public static ChildWorkflowOptions.Builder childOptions(
      PublishPlan plan, String partition, String trigger, String why) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(PublishWorkflow.workflowId(plan.product().toString(), partition))
        .setTaskQueue(TaskQueues.domain(plan.product().domain().value()))
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setTypedSearchAttributes(
            MeshflowSearchAttributes.ofRun(plan.product(), plan.version(), trigger))
        .setStaticSummary(
            "Publish **"
                + plan.product()
                + "** "
                + plan.version()
                + " ("
                + partition
                + "), "
                + why);
  }
}
