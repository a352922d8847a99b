package io.meshflow.workflows.sla;

import java.util.List;

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
 * @param runsOnFreshness the monitor starts the product's runs ({@code schedule: { on: freshness
 *     }}) so that it does not go stale
 * @param recentRunMillis how long the product's last successful runs took, oldest first (at most
 *     {@link #RECENT_RUNS})
 * @param runStartedMillis when the monitor last started a run; 0 for never
 */
public record SlaMonitorRequest(
    String product,
    long freshnessTargetMillis,
    long probeIntervalMillis,
    String relation,
    long dataTimeMillis,
    long freshnessBreachSinceMillis,
    long unavailableSinceMillis,
    long nextProbeMillis,
    boolean runsOnFreshness,
    List<Long> recentRunMillis,
    long runStartedMillis) {
  /** How many run durations the typical one is the median of. */
  public static final int RECENT_RUNS = 5;

  public SlaMonitorRequest {
    recentRunMillis = recentRunMillis == null ? List.of() : List.copyOf(recentRunMillis);
  }

  /** A monitor that starts no runs and knows no run's duration. */
  public SlaMonitorRequest(
      String product,
      long freshnessTargetMillis,
      long probeIntervalMillis,
      String relation,
      long dataTimeMillis,
      long freshnessBreachSinceMillis,
      long unavailableSinceMillis,
      long nextProbeMillis) {
    this(
        product,
        freshnessTargetMillis,
        probeIntervalMillis,
        relation,
        dataTimeMillis,
        freshnessBreachSinceMillis,
        unavailableSinceMillis,
        nextProbeMillis,
        false,
        List.of(),
        0);
  }

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
        nextProbeMillis,
        targets.runsOnFreshness(),
        recentRunMillis,
        runStartedMillis);
  }
}
