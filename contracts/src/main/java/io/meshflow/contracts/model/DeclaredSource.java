package io.meshflow.contracts.model;

import java.util.Map;

/**
 * A source system a domain declares once in its {@code sources.yaml}, as dbt's {@code sources.yml}
 * does, and that models read with {@code {{ source('system', 'table') }}}.
 *
 * @param namespace the OpenLineage namespace of its tables (e.g. {@code raw.kafka})
 * @param tables its tables by name, each as the source a model reading it extracts
 */
public record DeclaredSource(
    String name, String namespace, String description, Map<String, SourceSpec> tables) {
  public DeclaredSource {
    tables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tables));
  }
}
