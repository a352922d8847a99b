package io.meshflow.contracts.model;

/** When a product is published on its own: a 5-field cron expression in a time zone. */
public record Schedule(String cron, String timezone) {}
