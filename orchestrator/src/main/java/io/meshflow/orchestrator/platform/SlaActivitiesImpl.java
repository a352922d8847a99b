package io.meshflow.orchestrator.platform;

import io.meshflow.orchestrator.catalog.SlaDao;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.ProbeResult;
import io.meshflow.workflows.activities.SlaActivities;
import io.meshflow.workflows.activities.SlaBreach;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Records the monitors' breaches in the catalog and probes products as their consumers read them,
 * with the platform's role.
 */
public final class SlaActivitiesImpl implements SlaActivities {
  /** A quoted, qualified relation name: the only thing a probe reads. */
  private static final Pattern RELATION =
      Pattern.compile("\"[a-z_][a-z0-9_]*\"\\.\"[a-z_][a-z0-9_]*\"");

  private final SlaDao sla;
  private final Warehouse warehouse;

  public SlaActivitiesImpl(SlaDao sla, Warehouse warehouse) {
    this.sla = sla;
    this.warehouse = warehouse;
  }

  @Override
  public void breachStarted(SlaBreach b) {
    sla.breachStarted(
        SlaBreach.breachId(b.product(), b.kind(), b.startedAtMillis()),
        b.product(),
        b.kind(),
        Instant.ofEpochMilli(b.startedAtMillis()),
        b.cause());
  }

  @Override
  public void breachEnded(SlaBreach b) {
    sla.breachEnded(
        SlaBreach.breachId(b.product(), b.kind(), b.startedAtMillis()),
        Instant.ofEpochMilli(b.endedAtMillis()),
        b.endedByRun());
  }

  @Override
  public ProbeResult probe(String product, String relation) {
    if (relation == null || !RELATION.matcher(relation).matches()) {
      return new ProbeResult(false, "no relation to read for " + product);
    }
    try {
      warehouse
          .jdbi()
          .useTransaction(
              h -> {
                h.execute("SET LOCAL statement_timeout = '5s'");
                h.createQuery("SELECT 1 FROM " + relation + " LIMIT 1").mapTo(Integer.class).list();
              });
      return new ProbeResult(true, null);
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null) cause = cause.getCause();
      String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      return new ProbeResult(false, message.lines().findFirst().orElse(message));
    }
  }
}
