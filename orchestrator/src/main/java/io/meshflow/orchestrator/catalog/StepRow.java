package io.meshflow.orchestrator.catalog;

import java.time.Instant;

/** One step of a recorded run. */
public record StepRow(
    String step, String state, Instant startedAt, long durationMs, Long rowCount, String error) {}
