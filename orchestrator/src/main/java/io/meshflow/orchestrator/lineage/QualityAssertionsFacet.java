package io.meshflow.orchestrator.lineage;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard {@code dataQualityAssertions} facet on an <em>output</em> dataset: Meshflow checks
 * what it publishes, while openlineage-java only offers the facet for inputs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
final class QualityAssertionsFacet implements OpenLineage.DatasetFacet {
  static final URI SCHEMA =
      URI.create(
          "https://openlineage.io/spec/facets/1-1-0/DataQualityAssertionsDatasetFacet.json"
              + "#/$defs/DataQualityAssertionsDatasetFacet");

  private final URI producer;
  private final Map<String, Object> properties = new LinkedHashMap<>();

  /**
   * @param assertions each {@code {assertion, success, column?}}
   */
  QualityAssertionsFacet(URI producer, List<Map<String, Object>> assertions) {
    this.producer = producer;
    properties.put("assertions", assertions);
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
  @JsonProperty("_deleted")
  public Boolean get_deleted() {
    return null;
  }

  @Override
  @JsonIgnore
  public Boolean isDeleted() {
    return false;
  }

  @Override
  @JsonAnyGetter
  public Map<String, Object> getAdditionalProperties() {
    return properties;
  }
}
