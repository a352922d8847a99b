package io.meshflow.workflows.access;

/**
 * Where an access request stands, for the Temporal UI and the CLI.
 *
 * @param status PENDING, ACTIVE, DENIED, LAPSED, EXPIRED or REVOKED
 * @param expiresAtMillis when an active grant ends; 0 before it is granted
 */
public record AccessState(String status, String decidedBy, long expiresAtMillis) {}
