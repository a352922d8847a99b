package io.meshflow.workflows.sla;

/**
 * What a product's SLA monitor watches, and where it stands: it starts from the catalog's state and
 * carries its own across continue-as-new.
 *
 * @param freshnessTargetMillis the freshness target ({@code sla.freshness}); 0 for none
 * @param probeIntervalMillis how often availability is probed; 0 for no probes
 * @param relation what consumers read (the product's table or secured view, quoted), probed
 * @param dataTimeMillis the newest data time the product has published; 0 for none yet
 * @param freshnessBreachSinceMillis when the open freshness breach began; 0 for none
 * @param unavailableSinceMillis when the open unavailability began; 0 for none
 * @param nextProbeMillis when the next probe is due; 0 for at once
 */
public record SlaMonitorRequest(
    String product,
    long freshnessTargetMillis,
    long probeIntervalMillis,
    String relation,
    long dataTimeMillis,
    long freshnessBreachSinceMillis,
    long unavailableSinceMillis,
    long nextProbeMillis) {

  /** The workflow id of {@code product}'s monitor. */
  public static String workflowId(String product) {
    return "sla/" + product;
  }

  /** The same state under new targets (a contract changed its SLA). */
  public SlaMonitorRequest retargeted(SlaMonitorRequest targets) {
    return new SlaMonitorRequest(
        product,
        targets.freshnessTargetMillis(),
        targets.probeIntervalMillis(),
        targets.relation(),
        dataTimeMillis,
        freshnessBreachSinceMillis,
        unavailableSinceMillis,
        nextProbeMillis);
  }
}
