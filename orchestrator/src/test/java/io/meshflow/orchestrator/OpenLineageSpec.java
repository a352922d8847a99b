package io.meshflow.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The official OpenLineage JSON Schemas (a copy in test resources, draft 2020-12), read from disk:
 * an event is checked against OpenLineage.json and each of its facets against the facet's own
 * schema, named by its {@code _schemaURL} (any version of a facet maps to the file we have).
 */
final class OpenLineageSpec {
  static final Path SPEC = Path.of("src/test/resources/openlineage-spec").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder ->
              builder.schemaMappers(
                  m ->
                      m.mappings(
                          uri -> uri.startsWith("https://openlineage.io/spec/"),
                          uri -> {
                            if (uri.contains("/facets/")) {
                              return SPEC.resolve("facets")
                                  .resolve(uri.substring(uri.lastIndexOf('/') + 1))
                                  .toUri()
                                  .toString();
                            }
                            return SPEC.resolve("OpenLineage.json").toUri().toString();
                          })));

  /** Every violation of the event and of its facets; empty when it is valid. */
  List<String> violations(String eventJson) throws Exception {
    JsonNode event = JSON.readTree(eventJson);
    List<String> problems = new ArrayList<>();
    messages(
        factory
            .getSchema(
                SchemaLocation.of(
                    "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"))
            .validate(event),
        "event",
        problems);
    List<JsonNode> facets = new ArrayList<>();
    event.path("run").path("facets").forEach(facets::add);
    event.path("job").path("facets").forEach(facets::add);
    for (String side : List.of("inputs", "outputs")) {
      for (JsonNode dataset : event.path(side)) {
        dataset.path("facets").forEach(facets::add);
        dataset.path("inputFacets").forEach(facets::add);
        dataset.path("outputFacets").forEach(facets::add);
      }
    }
    for (JsonNode facet : facets) {
      String url = facet.path("_schemaURL").asText();
      if (url.isEmpty()) {
        problems.add("a facet has no _schemaURL: " + facet);
        continue;
      }
      // a custom facet (Meshflow's own) is held to what the spec asks of every facet
      String schema =
          url.startsWith("https://openlineage.io/spec/")
              ? url
              : "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/BaseFacet";
      messages(factory.getSchema(SchemaLocation.of(schema)).validate(facet), url, problems);
    }
    return problems;
  }

  private static void messages(Set<ValidationMessage> found, String what, List<String> into) {
    found.forEach(m -> into.add(what + ": " + m.getMessage()));
  }
}
