package io.meshflow.workflows.activities;

/** The published table (quoted, qualified) and the rows it holds. */
public record PromoteResult(String table, long rows, long sqlMillis) {}
