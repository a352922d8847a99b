package io.meshflow.orchestrator.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshflow.orchestrator.catalog.LineageDao;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineageClientUtils;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The catalog's OpenLineage backend: stores run events (Meshflow's own and any other producer's)
 * and folds their inputs, outputs and column lineage into the lineage graph. Storing the same event
 * twice keeps one.
 */
public final class LineageStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> EVENT_TYPES =
      Set.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");

  private final LineageDao dao;

  public LineageStore(LineageDao dao) {
    this.dao = dao;
  }

  /** Thrown for an event that lacks what the graph needs; the message says what. */
  public static class InvalidEventException extends IllegalArgumentException {
    public InvalidEventException(String message) {
      super(message);
    }
  }

  public void record(RunEvent event) {
    try {
      record(JSON.readTree(OpenLineageClientUtils.toJson(event)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stores a run event given as JSON, as posted to {@code /api/v1/lineage}. */
  public void record(JsonNode event) {
    String runId = text(event, "/run/runId");
    String jobNamespace = text(event, "/job/namespace");
    String jobName = text(event, "/job/name");
    String producer = text(event, "/producer");
    OffsetDateTime time;
    try {
      time = OffsetDateTime.parse(text(event, "/eventTime"));
    } catch (DateTimeParseException e) {
      throw new InvalidEventException(
          "eventTime is not an ISO-8601 date-time: " + event.at("/eventTime").asText());
    }
    String type = event.path("eventType").asText("OTHER");
    if (!EVENT_TYPES.contains(type))
      throw new InvalidEventException("unknown eventType '" + type + "'");
    List<LineageDao.Edge> edges = new ArrayList<>();
    List<LineageDao.ColumnLink> columns = new ArrayList<>();
    for (JsonNode input : event.path("inputs")) edges.add(edge("IN", input));
    for (JsonNode output : event.path("outputs")) {
      edges.add(edge("OUT", output));
      columns.addAll(columns(output));
    }
    dao.record(
        new LineageDao.Event(runId, type, time, jobNamespace, jobName, event.toString(), producer),
        edges,
        columns);
  }

  private static LineageDao.Edge edge(String direction, JsonNode dataset) {
    return new LineageDao.Edge(direction, text(dataset, "/namespace"), text(dataset, "/name"));
  }

  /**
   * The standard columnLineage facet of an output: each field and the input fields it comes from.
   */
  private static List<LineageDao.ColumnLink> columns(JsonNode output) {
    JsonNode fields = output.at("/facets/columnLineage/fields");
    if (!fields.isObject()) return List.of();
    String namespace = text(output, "/namespace");
    String name = text(output, "/name");
    List<LineageDao.ColumnLink> links = new ArrayList<>();
    fields
        .fields()
        .forEachRemaining(
            field -> {
              for (JsonNode input : field.getValue().path("inputFields")) {
                links.add(
                    new LineageDao.ColumnLink(
                        new LineageDao.Column(namespace, name, field.getKey()),
                        new LineageDao.Column(
                            text(input, "/namespace"),
                            text(input, "/name"),
                            text(input, "/field"))));
              }
            });
    return links;
  }

  private static String text(JsonNode node, String pointer) {
    JsonNode value = node.at(pointer);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new InvalidEventException("the event has no " + pointer.substring(1).replace('/', '.'));
    }
    return value.asText();
  }

  /** The events of a run, as JSON, in the order they happened. */
  public List<String> events(String runId) {
    return dao.events(runId);
  }
}
