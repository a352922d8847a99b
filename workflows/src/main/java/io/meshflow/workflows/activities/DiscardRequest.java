package io.meshflow.workflows.activities;

/** The run whose staging tables are dropped. */
public record DiscardRequest(String runId) {}
