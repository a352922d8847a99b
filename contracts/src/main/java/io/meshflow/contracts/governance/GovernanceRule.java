package io.meshflow.contracts.governance;

import io.meshflow.contracts.model.Severity;

/**
 * One rule of the platform's policies.
 *
 * @param forEach {@code null} for a rule about the whole contract, or {@code fields} / {@code
 *     checks}: the expression then runs once per element, as variable {@code field} or {@code
 *     check}
 * @param path where a violation points in the contract (whole-contract rules), e.g. {@code
 *     spec.sla}
 * @param file the rule file, for problems with the rule itself
 */
public record GovernanceRule(
    String id,
    String description,
    Severity severity,
    String forEach,
    String path,
    String expression,
    String file,
    int line) {}
