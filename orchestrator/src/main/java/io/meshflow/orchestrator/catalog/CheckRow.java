package io.meshflow.orchestrator.catalog;

/**
 * One quality check result of a recorded run.
 *
 * @param failingRows example failing rows, a JSON array of objects (PII masked)
 */
public record CheckRow(
    String checkName,
    String assertion,
    String columnName,
    String severity,
    boolean success,
    String observed,
    String expected,
    Long elementCount,
    Long unexpectedCount,
    Double unexpectedPercent,
    Double threshold,
    String failingRows) {}
