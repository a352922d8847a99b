package io.meshflow.workflows.access;

/**
 * An owner's answer to an access request, or an early end of a grant.
 *
 * @param approve grant the request (false: deny it; ignored when revoking)
 * @param by who decided, as the audit log names them
 * @param note why, or null
 */
public record AccessDecision(boolean approve, String by, String note) {}
