package io.meshflow.workflows.publish;

import java.util.List;

/** What the {@code progress} query returns: every step's state so far. */
public record PublishProgress(
    String runId, String product, RunStatus status, Step currentStep, List<StepRecord> steps) {}
