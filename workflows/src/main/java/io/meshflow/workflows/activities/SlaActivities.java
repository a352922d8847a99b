package io.meshflow.workflows.activities;

import io.temporal.activity.ActivityInterface;

/** The platform's side of SLA monitoring: breaches recorded in the catalog, and probes. */
@ActivityInterface
public interface SlaActivities {
  /** Records that a breach began (idempotent: keyed by product, kind and start) and alerts. */
  void breachStarted(SlaBreach breach);

  /** Records that a breach ended (idempotent) and alerts. */
  void breachEnded(SlaBreach breach);

  /**
   * Reads the product as its consumers read it ({@code relation}: its table or secured view): one
   * row, with a short statement timeout.
   */
  ProbeResult probe(String product, String relation);

  /**
   * Posts {@code alert} to each webhook of its product that has not taken it yet (recorded per
   * webhook, so a retry sends only what is missing); fails, to be retried, while one refuses it.
   */
  void deliver(SlaAlert alert);
}
