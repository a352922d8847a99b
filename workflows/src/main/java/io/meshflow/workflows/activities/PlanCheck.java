package io.meshflow.workflows.activities;

import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.workflows.run.PublishPlan;

/** A run's plan and how it was asked for, as its workflow received them. */
public record PlanCheck(
    PublishPlan plan, String trigger, String partition, PartitionWindow window) {}
