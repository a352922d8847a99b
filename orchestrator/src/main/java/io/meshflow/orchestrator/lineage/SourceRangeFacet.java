package io.meshflow.orchestrator.lineage;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.meshflow.workflows.run.SourceRange;
import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Meshflow's custom run facet {@code meshflow_sourceRange}: what a run read of a source read
 * incrementally — a Kafka topic's offsets per partition {@code [from, to)} and the records skipped
 * as bad, or a table's cursor values {@code (from, to]}. Its schema is in docs/lineage.md.
 */
final class SourceRangeFacet implements OpenLineage.RunFacet {
  static final String NAME = "meshflow_sourceRange";
  static final URI SCHEMA =
      URI.create(
          "https://github.com/meshflow/meshflow/blob/main/docs/lineage.md#meshflow_sourcerange");

  private final URI producer;
  private final Map<String, Object> properties = new LinkedHashMap<>();

  SourceRangeFacet(URI producer, SourceRange range) {
    this.producer = producer;
    if (range.cursor() != null) {
      properties.put("table", range.source());
      properties.put("cursorColumn", range.cursor().column());
      properties.put("fromValue", range.cursor().committed());
      properties.put("toValue", range.cursor().to());
      return;
    }
    properties.put("topic", range.source());
    List<Map<String, Object>> partitions =
        range.partitions().stream()
            .map(
                p -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("partition", p.partition());
                  m.put("fromOffset", p.from());
                  m.put("toOffset", p.to());
                  return m;
                })
            .toList();
    properties.put("partitions", partitions);
    properties.put("records", range.records());
    properties.put("skipped", range.skipped());
  }

  @Override
  @JsonProperty("_producer")
  public URI get_producer() {
    return producer;
  }

  @Override
  @JsonProperty("_schemaURL")
  public URI get_schemaURL() {
    return SCHEMA;
  }

  @Override
  @JsonAnyGetter
  public Map<String, Object> getAdditionalProperties() {
    return properties;
  }
}
