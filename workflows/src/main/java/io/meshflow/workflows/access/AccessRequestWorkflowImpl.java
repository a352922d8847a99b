package io.meshflow.workflows.access;

import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.activities.AccessActivities;
import io.meshflow.workflows.activities.AccessStep;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The life of an access request. The catalog holds its state and audit log (written by the
 * platform's activities, each idempotent); the workflow holds the waiting: for a decision, then
 * until the grant expires, on durable timers.
 */
public class AccessRequestWorkflowImpl implements AccessRequestWorkflow {
  /** Granting and revoking wait for the warehouse as long as it takes: a grant must end. */
  private final AccessActivities access =
      Workflow.newActivityStub(
          AccessActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.PLATFORM)
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setBackoffCoefficient(2.0)
                      .setMaximumInterval(Duration.ofMinutes(5))
                      .setDoNotRetry("AccessRefused")
                      .build())
              .build());

  private AccessDecision decision;
  private AccessDecision revocation;
  private String status = "PENDING";
  private long expiresAt;

  @Override
  public String run(AccessRequest request) {
    if (request.expiresAtMillis() > 0) {
      // carried on after a restart: granted already, only the timer is left
      status = "ACTIVE";
      expiresAt = request.expiresAtMillis();
    } else {
      access.requested(step(request, request.requestedBy(), request.reason(), 0));
      boolean answered =
          Workflow.await(
              Duration.ofSeconds(request.pendingSeconds()),
              () -> decision != null || revocation != null);
      if (!answered || decision == null) {
        AccessDecision withdrawn = revocation;
        status = withdrawn == null ? "LAPSED" : "REVOKED";
        access.closed(
            step(
                request,
                withdrawn == null ? "meshflow" : withdrawn.by(),
                withdrawn == null ? "no decision in time" : withdrawn.note(),
                0),
            status);
        return status;
      }
      if (!decision.approve()) {
        status = "DENIED";
        access.closed(step(request, decision.by(), decision.note(), 0), status);
        return status;
      }
      expiresAt = Workflow.currentTimeMillis() + request.durationSeconds() * 1000;
      access.granted(step(request, decision.by(), decision.note(), expiresAt));
      status = "ACTIVE";
    }
    long left = expiresAt - Workflow.currentTimeMillis();
    if (left > 0) Workflow.await(Duration.ofMillis(left), () -> revocation != null);
    status = revocation == null ? "EXPIRED" : "REVOKED";
    // an expiry is recorded at the instant the grant ran out, whenever the timer's task ran
    access.ended(
        revocation == null
            ? new AccessStep(request, expiresAt, "meshflow", null, expiresAt)
            : step(request, revocation.by(), revocation.note(), expiresAt),
        status);
    return status;
  }

  private static AccessStep step(AccessRequest r, String actor, String note, long expiresAt) {
    return new AccessStep(r, Workflow.currentTimeMillis(), actor, note, expiresAt);
  }

  @Override
  public void decide(AccessDecision decision) {
    if (this.decision == null) this.decision = decision;
  }

  @Override
  public void revoke(AccessDecision revocation) {
    if (this.revocation == null) this.revocation = revocation;
  }

  @Override
  public AccessState state() {
    return new AccessState(status, decision == null ? null : decision.by(), expiresAt);
  }
}
