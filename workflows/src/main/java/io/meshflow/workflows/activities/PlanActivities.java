package io.meshflow.workflows.activities;

import io.meshflow.contracts.access.Exposure;
import io.temporal.activity.ActivityInterface;

/**
 * Checks a run's plan before any data moves. Runs on the platform task queue, with the catalog's
 * own access: anyone who can start a workflow can send any plan, so the plan is trusted only once
 * it is found to be the one the registered contract makes.
 */
@ActivityInterface
public interface PlanActivities {
  /**
   * Verifies that {@code check}'s plan is exactly the plan of a registered version of its contract
   * (same content hash, read from the same mesh folder), that its source stays inside the folders
   * the platform allows, and that the contract allows the trigger and the partition; then grants
   * the product's domain role read access to the products its model refs, and makes sure the
   * consumer roles its contract and access policies name exist. Throws a non-retryable failure of
   * type {@code PlanRefused} with the reason otherwise.
   *
   * @return how the published product is exposed to its consumers (the publish applies it); null
   *     from platforms older than access policies
   */
  Exposure verifyPlan(PlanCheck check);
}
