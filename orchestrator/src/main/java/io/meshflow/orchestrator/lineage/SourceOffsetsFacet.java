package io.meshflow.orchestrator.lineage;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.meshflow.workflows.run.SourceOffsets;
import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Meshflow's custom run facet {@code meshflow_sourceOffsets}: the range of a Kafka topic a run
 * read, per partition {@code [from, to)}, and the records it skipped as bad. Its schema is in
 * docs/lineage.md.
 */
final class SourceOffsetsFacet implements OpenLineage.RunFacet {
  static final String NAME = "meshflow_sourceOffsets";
  static final URI SCHEMA =
      URI.create(
          "https://github.com/meshflow/meshflow/blob/main/docs/lineage.md#meshflow_sourceoffsets");

  private final URI producer;
  private final Map<String, Object> properties = new LinkedHashMap<>();

  SourceOffsetsFacet(URI producer, SourceOffsets offsets) {
    this.producer = producer;
    properties.put("topic", offsets.topic());
    List<Map<String, Object>> partitions =
        offsets.partitions().stream()
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
    properties.put("records", offsets.records());
    properties.put("skipped", offsets.skipped());
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
