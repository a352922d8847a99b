package io.meshflow.workflows.activities;

/** The typed staging output of the model and its row count. */
public record TransformResult(String table, long rows, long sqlMillis) {}
