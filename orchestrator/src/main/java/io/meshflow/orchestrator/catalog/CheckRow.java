package io.meshflow.orchestrator.catalog;

/** One quality check result of a recorded run. */
public record CheckRow(
    String checkName,
    String assertion,
    String columnName,
    String severity,
    boolean success,
    String observed,
    String expected,
    long elementCount,
    long unexpectedCount,
    double unexpectedPercent,
    double threshold) {}
