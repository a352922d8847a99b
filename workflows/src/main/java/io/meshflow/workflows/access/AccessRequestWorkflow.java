package io.meshflow.workflows.access;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One access request, from asking to the end of the grant: it waits for the product owner's
 * decision, grants the role on approval, and holds a durable timer that revokes it when it expires.
 * Runs on the platform task queue with id {@code access/<product>/<login>/<role>}.
 */
@WorkflowInterface
public interface AccessRequestWorkflow {
  /** Runs the request to its end; returns its final status (DENIED, LAPSED, EXPIRED, REVOKED). */
  @WorkflowMethod
  String run(AccessRequest request);

  /** The owner approves or denies; only the first decision counts. */
  @SignalMethod
  void decide(AccessDecision decision);

  /** Ends a grant before it expires (or withdraws a pending request). */
  @SignalMethod
  void revoke(AccessDecision revocation);

  @QueryMethod
  AccessState state();
}
