package io.meshflow.workflows.publish;

import io.meshflow.contracts.model.ProductId;
import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.activities.DownstreamRuns;
import io.meshflow.workflows.activities.TriggerActivities;
import io.meshflow.workflows.activities.UpstreamPublished;
import io.meshflow.workflows.run.PublishPlan;
import io.meshflow.workflows.run.PublishRequest;
import io.meshflow.workflows.run.TriggeredRun;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** Part of {@link PublishWorkflowImpl}: the runs a successful publish starts downstream. */
final class DownstreamTrigger {
  private static final Logger LOG = Workflow.getLogger(DownstreamTrigger.class);

  private final TriggerActivities triggers;

  DownstreamTrigger(RetryOptions retry) {
    triggers =
        Workflow.newActivityStub(
            TriggerActivities.class,
            ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.PLATFORM)
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(retry)
                .build());
  }

  /**
   * Starts the runs of the products that follow this one ({@code trigger: on-upstream}) as child
   * runs that outlive it. A run of the same product and partition that is already going is joined,
   * never started twice: its workflow id is the same. Trouble here never fails this run, whose data
   * is published already.
   */
  List<TriggeredRun> start(PublishRequest request, String runId) {
    String product = request.plan().product().toString();
    List<TriggeredRun> triggered = new ArrayList<>();
    List<ProductId> followers = request.plan().followers();
    if (followers != null && followers.isEmpty()) return triggered; // known when planned
    DownstreamRuns downstream;
    try {
      downstream =
          triggers.downstreamRuns(
              new UpstreamPublished(
                  request.plan().product(), runId, request.window(), request.plan().meshRoot()));
    } catch (ActivityFailure failure) {
      LOG.warn(
          "{}: no downstream run was started: {}", product, PublishWorkflowImpl.reason(failure));
      return triggered;
    }
    downstream.refused().forEach(why -> LOG.warn("{}: downstream run refused: {}", product, why));
    List<Promise<WorkflowExecution>> starts = new ArrayList<>();
    for (PublishRequest run : downstream.runs()) {
      PublishPlan next = run.plan();
      PublishWorkflow child =
          Workflow.newChildWorkflowStub(
              PublishWorkflow.class,
              PublishRuns.childOptions(
                      next, run.partition(), run.trigger(), "after " + product + " published")
                  .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                  .build());
      Async.procedure(child::publish, run);
      starts.add(Workflow.getWorkflowExecution(child));
    }
    for (int i = 0; i < starts.size(); i++) {
      PublishRequest run = downstream.runs().get(i);
      String next = run.plan().product().toString();
      String workflowId = PublishWorkflow.workflowId(next, run.partition());
      try {
        WorkflowExecution started = starts.get(i).get();
        triggered.add(
            new TriggeredRun(next, run.partition(), workflowId, started.getRunId(), false));
      } catch (ChildWorkflowFailure failure) {
        if (failure.getCause() instanceof WorkflowExecutionAlreadyStarted) {
          // the server does not say which run holds the id; the run store does
          triggered.add(new TriggeredRun(next, run.partition(), workflowId, null, true));
        } else {
          LOG.warn("{}: could not start {}: {}", product, workflowId, failure.getMessage());
        }
      }
    }
    return triggered;
  }
}
