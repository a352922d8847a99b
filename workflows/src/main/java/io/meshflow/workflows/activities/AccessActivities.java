package io.meshflow.workflows.activities;

import io.temporal.activity.ActivityInterface;

/**
 * The platform's side of access requests: the warehouse's grants and the catalog's record of them,
 * with the administrative role. Each is idempotent under retry.
 */
@ActivityInterface
public interface AccessActivities {
  /** Records a new request (pending) and audits it. */
  void requested(AccessStep step);

  /**
   * Grants the request's role to its login, making the login when it does not exist, and records
   * the approval and the grant. Fails with type {@code AccessRefused} when the login may not take
   * it (a superuser, a platform role).
   */
  void granted(AccessStep step);

  /** Closes a request that was never granted: {@code status} DENIED, LAPSED or REVOKED. */
  void closed(AccessStep step, String status);

  /**
   * Ends a grant ({@code status} EXPIRED or REVOKED): revokes the role from the login unless
   * another active grant, or a membership from before, still gives it; records and audits it.
   */
  void ended(AccessStep step, String status);
}
