package io.meshflow.contracts.model;

import java.time.Duration;

/**
 * Service level a product promises: data no older than {@code freshness}, and the share of time the
 * product is readable ({@code availabilityPercent}, e.g. 99.9).
 *
 * @param freshnessColumn the field holding each row's event time ({@code sla.freshness_column}, a
 *     timestamp or date field), whose newest published value is the product's data time; or {@code
 *     null}
 */
public record Sla(Duration freshness, double availabilityPercent, SqlIdentifier freshnessColumn) {
  public Sla(Duration freshness, double availabilityPercent) {
    this(freshness, availabilityPercent, null);
  }
}
