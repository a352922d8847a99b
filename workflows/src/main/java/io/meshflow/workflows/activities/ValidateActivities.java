package io.meshflow.workflows.activities;

import io.temporal.activity.ActivityInterface;

/** Evaluates a product's quality checks on its staging output. Runs on the domain's task queue. */
@ActivityInterface
public interface ValidateActivities {
  /** Evaluates every check; reports failures in the result rather than by throwing. Read-only. */
  ValidateResult validate(ValidateRequest request);
}
