package io.meshflow.contracts.model;

/**
 * When a product is published on its own: at every tick of a 5-field cron expression in a time
 * zone, or ({@code on: freshness}) whenever it would otherwise go stale — its SLA monitor starts a
 * run ahead of the freshness deadline by the product's typical run duration.
 *
 * @param cron the cron expression; {@code null} when freshness-driven
 * @param timezone the cron's time zone; {@code null} when freshness-driven
 * @param onFreshness runs are started to keep {@code sla.freshness}
 */
public record Schedule(String cron, String timezone, boolean onFreshness) {
  public Schedule(String cron, String timezone) {
    this(cron, timezone, false);
  }

  /** Runs at the ticks of a cron (not freshness-driven). */
  public boolean byCron() {
    return cron != null;
  }
}
