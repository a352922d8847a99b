package io.meshflow.orchestrator.catalog;

/**
 * One governance rule's verdict on one product version.
 *
 * @param violations the violations as a JSON array of {@code {path, line, message}}
 */
public record ComplianceRow(
    String productId,
    String version,
    String ruleId,
    String severity,
    boolean passed,
    String description,
    String violations) {}
