package io.meshflow.workflows.run;

/**
 * A downstream run that a successful publish started, or joined when it was already going.
 *
 * @param partition the partition key, or {@code latest}
 * @param runId the run started, or {@code null} when one was already going and was joined
 */
public record TriggeredRun(
    String product, String partition, String workflowId, String runId, boolean joined) {}
