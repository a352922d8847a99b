package io.meshflow.orchestrator.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineageClientUtils;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The catalog's OpenLineage backend: stores run events (Meshflow's own and any other producer's)
 * and folds their inputs, outputs and column lineage into the lineage graph. Storing the same event
 * twice keeps one.
 */
public final class LineageStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> EVENT_TYPES =
      Set.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");

  private final Jdbi jdbi;

  public LineageStore(Jdbi jdbi) {
    this.jdbi = jdbi;
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
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  """
              INSERT INTO meshflow.lineage_events (run_id, event_type, event_time, job_name, event, producer)
              VALUES (:runId, :type, :time, :job, CAST(:event AS jsonb), :producer)
              ON CONFLICT ON CONSTRAINT lineage_events_once DO NOTHING
              """)
              .bind("runId", runId)
              .bind("type", type)
              .bind("time", time)
              .bind("job", jobNamespace + "/" + jobName)
              .bind("event", event.toString())
              .bind("producer", producer)
              .execute();
          for (JsonNode input : event.path("inputs"))
            edge(h, jobNamespace, jobName, "IN", input, time);
          for (JsonNode output : event.path("outputs")) {
            edge(h, jobNamespace, jobName, "OUT", output, time);
            columns(h, output);
          }
        });
  }

  private static void edge(
      Handle h,
      String jobNamespace,
      String jobName,
      String direction,
      JsonNode dataset,
      OffsetDateTime time) {
    h.createUpdate(
            """
            INSERT INTO meshflow.lineage_edges (job_namespace, job_name, direction, dataset_namespace, dataset_name, last_seen)
            VALUES (:jns, :job, :dir, :dns, :dataset, :time)
            ON CONFLICT (job_namespace, job_name, direction, dataset_namespace, dataset_name)
            DO UPDATE SET last_seen = greatest(lineage_edges.last_seen, excluded.last_seen)
            """)
        .bind("jns", jobNamespace)
        .bind("job", jobName)
        .bind("dir", direction)
        .bind("dns", text(dataset, "/namespace"))
        .bind("dataset", text(dataset, "/name"))
        .bind("time", time)
        .execute();
  }

  /**
   * The standard columnLineage facet of an output: each field and the input fields it comes from.
   */
  private static void columns(Handle h, JsonNode output) {
    JsonNode fields = output.at("/facets/columnLineage/fields");
    if (!fields.isObject()) return;
    String namespace = text(output, "/namespace");
    String name = text(output, "/name");
    fields
        .fields()
        .forEachRemaining(
            field -> {
              for (JsonNode input : field.getValue().path("inputFields")) {
                h.createUpdate(
                        """
                INSERT INTO meshflow.column_lineage (dataset_namespace, dataset_name, column_name,
                    input_dataset_namespace, input_dataset_name, input_column_name)
                VALUES (:ns, :name, :column, :ins, :iname, :icolumn) ON CONFLICT DO NOTHING
                """)
                    .bind("ns", namespace)
                    .bind("name", name)
                    .bind("column", field.getKey())
                    .bind("ins", text(input, "/namespace"))
                    .bind("iname", text(input, "/name"))
                    .bind("icolumn", text(input, "/field"))
                    .execute();
              }
            });
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
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT CAST(event AS text) FROM meshflow.lineage_events WHERE run_id = :id ORDER BY event_time, id")
                .bind("id", runId)
                .mapTo(String.class)
                .list());
  }
}
