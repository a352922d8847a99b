package io.meshflow.workflows.publish;

import io.meshflow.workflows.run.PublishRequest;
import io.meshflow.workflows.run.RunStatus;
import io.meshflow.workflows.run.Step;
import io.meshflow.workflows.run.StepRecord;
import java.util.List;

/**
 * What the {@code progress} query returns: every step's state so far.
 *
 * @param inputs the digest of the inputs its starter saw ({@link PublishRequest#inputs()}), or null
 */
public record PublishProgress(
    String runId,
    String product,
    RunStatus status,
    Step currentStep,
    List<StepRecord> steps,
    String inputs) {}
