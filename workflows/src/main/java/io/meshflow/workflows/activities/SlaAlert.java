package io.meshflow.workflows.activities;

/**
 * An SLA alert: a breach began ({@link #BREACH}) or ended ({@link #RECOVERY}).
 *
 * @param breach the breach, with its end for a recovery
 */
public record SlaAlert(String event, SlaBreach breach) {
  public static final String BREACH = "breach";
  public static final String RECOVERY = "recovery";

  /** The alert's id, the key each receiver can de-duplicate by: {@code <breach id>/<event>}. */
  public static String alertId(SlaAlert alert) {
    SlaBreach b = alert.breach();
    return SlaBreach.breachId(b.product(), b.kind(), b.startedAtMillis()) + "/" + alert.event();
  }
}
