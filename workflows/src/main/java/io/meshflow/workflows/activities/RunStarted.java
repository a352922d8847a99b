package io.meshflow.workflows.activities;

/** A run that has just begun. */
public record RunStarted(
    String runId,
    String workflowId,
    String product,
    String version,
    String partition,
    String trigger,
    long startedAtMillis) {}
