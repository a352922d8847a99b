package io.meshflow.workflows.run;

/**
 * A run that has just begun.
 *
 * @param parentWorkflowId the backfill, schedule or upstream run that started it, or {@code null}
 * @param parentRunId that parent's run id, or {@code null}
 */
public record RunStarted(
    String runId,
    String workflowId,
    String product,
    String version,
    String partition,
    String trigger,
    long startedAtMillis,
    String parentWorkflowId,
    String parentRunId) {}
