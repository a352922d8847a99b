package io.meshflow.contracts.model;

import java.time.Duration;

/**
 * Service level a product promises: data no older than {@code freshness}, and the share of time the
 * product is readable ({@code availabilityPercent}, e.g. 99.9).
 */
public record Sla(Duration freshness, double availabilityPercent) {}
