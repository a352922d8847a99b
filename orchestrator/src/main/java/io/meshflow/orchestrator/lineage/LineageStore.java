package io.meshflow.orchestrator.lineage;

import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineageClientUtils;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The catalog's store of OpenLineage events. Writing the same run's event twice keeps one. */
public final class LineageStore {
  private final Jdbi jdbi;

  public LineageStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void record(RunEvent event) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    """
                    INSERT INTO meshflow.lineage_events (run_id, event_type, event_time, job_name, event, producer)
                    VALUES (:runId, :type, :time, :job, CAST(:event AS jsonb), :producer)
                    ON CONFLICT (run_id, event_type, job_name) DO NOTHING
                    """)
                .bind("runId", event.getRun().getRunId().toString())
                .bind("type", event.getEventType().name())
                .bind("time", event.getEventTime().toOffsetDateTime())
                .bind("job", event.getJob().getNamespace() + "/" + event.getJob().getName())
                .bind("event", OpenLineageClientUtils.toJson(event))
                .bind("producer", event.getProducer().toString())
                .execute());
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
