package io.meshflow.workflows.activities;

/** The staging table the source was loaded into, and how many rows it holds. */
public record ExtractResult(String table, long rows, long sqlMillis) {}
