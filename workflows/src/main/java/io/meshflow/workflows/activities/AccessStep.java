package io.meshflow.workflows.activities;

import io.meshflow.workflows.access.AccessRequest;

/**
 * One step of an access request, as its workflow saw it.
 *
 * @param atMillis the workflow's time of the step: the audit log's time
 * @param actor who took it (the requester, the deciding owner, or {@code meshflow} for a timer)
 * @param note why, or null
 * @param expiresAtMillis when the grant ends; 0 before one is made
 */
public record AccessStep(
    AccessRequest request, long atMillis, String actor, String note, long expiresAtMillis) {}
