package io.meshflow.workflows.schedule;

import io.meshflow.contracts.model.Partitioning;
import io.meshflow.workflows.run.PublishPlan;

/**
 * What a product's schedule publishes at every tick.
 *
 * @param granularity the product's partitioning, or {@code null}: then the whole product runs
 */
public record ScheduleRequest(PublishPlan plan, Partitioning.Granularity granularity) {}
