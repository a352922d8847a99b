package io.meshflow.orchestrator.platform;

import io.meshflow.contracts.parse.ContractValues;
import io.meshflow.orchestrator.access.ConsumerLogins;
import io.meshflow.orchestrator.catalog.AccessDao;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.access.AccessRequest;
import io.meshflow.workflows.activities.AccessActivities;
import io.meshflow.workflows.activities.AccessStep;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.Locale;

/**
 * Grants and revokes the roles of access requests in the warehouse, with the platform's
 * administrative role, and keeps their record and audit log in the catalog. Each step moves the
 * request from the state it expects, so a retried step changes nothing twice.
 */
public final class AccessActivitiesImpl implements AccessActivities {
  private final AccessDao access;
  private final Warehouse warehouse;

  public AccessActivitiesImpl(AccessDao access, Warehouse warehouse) {
    this.access = access;
    this.warehouse = warehouse;
  }

  @Override
  public void requested(AccessStep step) {
    AccessRequest r = step.request();
    Instant at = Instant.ofEpochMilli(step.atMillis());
    if (access.insert(
        r.requestId(),
        r.workflowId(),
        r.product(),
        r.role(),
        r.warehouseRole(),
        r.login(),
        r.reason(),
        r.requestedBy(),
        r.durationSeconds(),
        at)) {
      audit(
          step,
          "requested",
          "for "
              + ContractValues.durationText(java.time.Duration.ofSeconds(r.durationSeconds()))
              + reason(r.reason()));
    }
  }

  @Override
  public void granted(AccessStep step) {
    AccessRequest r = step.request();
    boolean alreadyMember;
    try {
      alreadyMember =
          warehouse
              .jdbi()
              .inTransaction(h -> ConsumerLogins.grant(h, r.login(), r.warehouseRole()));
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "AccessRefused");
    }
    // a membership another of Meshflow's grants made is not one from before: it ends with those
    alreadyMember =
        alreadyMember && !access.otherActive(r.login(), r.warehouseRole(), r.requestId());
    Instant at = Instant.ofEpochMilli(step.atMillis());
    Instant expires = Instant.ofEpochMilli(step.expiresAtMillis());
    if (access.move(
        r.requestId(),
        "PENDING",
        "ACTIVE",
        step.actor(),
        at,
        step.note(),
        at,
        expires,
        null,
        alreadyMember)) {
      audit(step, "approved", step.note() == null ? null : step.note());
      audit(
          step,
          "granted",
          r.warehouseRole()
              + " to "
              + r.login()
              + " until "
              + expires
              + (alreadyMember ? " (a member already: ending it takes nothing away)" : ""));
    }
  }

  @Override
  public void closed(AccessStep step, String status) {
    AccessRequest r = step.request();
    Instant at = Instant.ofEpochMilli(step.atMillis());
    if (access.move(
        r.requestId(), "PENDING", status, step.actor(), at, step.note(), null, null, at, false)) {
      String action =
          switch (status) {
            case "DENIED" -> "denied";
            case "LAPSED" -> "lapsed";
            default -> "withdrawn";
          };
      audit(step, action, step.note());
    }
  }

  @Override
  public void ended(AccessStep step, String status) {
    AccessRequest r = step.request();
    AccessDao.Request current = access.find(r.requestId()).orElse(null);
    if (current == null || !current.status().equals("ACTIVE")) return;
    String detail;
    if (current.alreadyMember()) {
      detail = "kept " + r.warehouseRole() + ": " + r.login() + " held it before this grant";
    } else if (access.otherActive(r.login(), r.warehouseRole(), r.requestId())) {
      detail = "kept " + r.warehouseRole() + ": another active grant gives it to " + r.login();
    } else {
      warehouse.jdbi().useTransaction(h -> ConsumerLogins.revoke(h, r.login(), r.warehouseRole()));
      detail = r.warehouseRole() + " from " + r.login() + reason(step.note());
    }
    Instant at = Instant.ofEpochMilli(step.atMillis());
    if (access.move(r.requestId(), "ACTIVE", status, null, null, null, null, null, at, false)) {
      audit(step, status.toLowerCase(Locale.ROOT), detail);
    }
  }

  private void audit(AccessStep step, String action, String detail) {
    AccessRequest r = step.request();
    access.audit(
        Instant.ofEpochMilli(step.atMillis()),
        action,
        r.product(),
        r.role(),
        r.login(),
        step.actor(),
        r.requestId(),
        detail);
  }

  private static String reason(String text) {
    return text == null || text.isBlank() ? "" : ": " + text;
  }
}
