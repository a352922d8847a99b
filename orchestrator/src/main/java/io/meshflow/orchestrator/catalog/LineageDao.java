package io.meshflow.orchestrator.catalog;

import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * OpenLineage run events as received, the lineage graph folded from them (jobs' input and output
 * datasets, column lineage), and their delivery to the configured transports.
 */
@RegisterConstructorMapper(LineageDao.Hop.class)
@RegisterConstructorMapper(LineageDao.Column.class)
@RegisterConstructorMapper(LineageDao.Due.class)
public interface LineageDao extends SqlObject {
  /** A dataset one job away from another, and that job ({@code namespace/name}). */
  record Hop(String namespace, String name, String job) {}

  /** A column of a dataset. */
  record Column(String namespace, String name, String column) {}

  /** An event waiting for a transport, with the attempts so far. */
  record Due(long eventId, long attempts, String event) {}

  /** An event as stored, with the job it ran. */
  record Event(
      String runId,
      String type,
      OffsetDateTime time,
      String jobNamespace,
      String jobName,
      String json,
      String producer) {}

  /** A job reads ({@code IN}) or writes ({@code OUT}) a dataset. */
  record Edge(String direction, String namespace, String name) {}

  /** An output column and an input column it comes from. */
  record ColumnLink(Column output, Column input) {}

  /**
   * Stores an event and folds it into the graph, in one transaction; storing the same event twice
   * keeps one.
   */
  @Transaction
  default void record(Event event, List<Edge> edges, List<ColumnLink> columns) {
    insertEvent(
        event.runId(),
        event.type(),
        event.time(),
        event.jobNamespace() + "/" + event.jobName(),
        event.json(),
        event.producer());
    for (Edge e : edges) {
      upsertEdge(
          event.jobNamespace(),
          event.jobName(),
          e.direction(),
          e.namespace(),
          e.name(),
          event.time());
    }
    for (ColumnLink c : columns) {
      insertColumnLineage(
          c.output().namespace(),
          c.output().name(),
          c.output().column(),
          c.input().namespace(),
          c.input().name(),
          c.input().column());
    }
  }

  /** Stores an event once: a second copy of the same event changes nothing. */
  @SqlUpdate(
      """
      INSERT INTO meshflow.lineage_events (run_id, event_type, event_time, job_name, event, producer)
      VALUES (:runId, :type, :time, :job, CAST(:event AS jsonb), :producer)
      ON CONFLICT ON CONSTRAINT lineage_events_once DO NOTHING
      """)
  void insertEvent(
      @Bind("runId") String runId,
      @Bind("type") String type,
      @Bind("time") OffsetDateTime time,
      @Bind("job") String job,
      @Bind("event") String event,
      @Bind("producer") String producer);

  /** A job reads ({@code IN}) or writes ({@code OUT}) a dataset; seen last at {@code time}. */
  @SqlUpdate(
      """
      INSERT INTO meshflow.lineage_edges (job_namespace, job_name, direction, dataset_namespace, dataset_name, last_seen)
      VALUES (:jns, :job, :dir, :dns, :dataset, :time)
      ON CONFLICT (job_namespace, job_name, direction, dataset_namespace, dataset_name)
      DO UPDATE SET last_seen = greatest(lineage_edges.last_seen, excluded.last_seen)
      """)
  void upsertEdge(
      @Bind("jns") String jobNamespace,
      @Bind("job") String jobName,
      @Bind("dir") String direction,
      @Bind("dns") String datasetNamespace,
      @Bind("dataset") String datasetName,
      @Bind("time") OffsetDateTime time);

  /** An output column comes from an input column. */
  @SqlUpdate(
      """
      INSERT INTO meshflow.column_lineage (dataset_namespace, dataset_name, column_name,
          input_dataset_namespace, input_dataset_name, input_column_name)
      VALUES (:ns, :name, :column, :ins, :iname, :icolumn) ON CONFLICT DO NOTHING
      """)
  void insertColumnLineage(
      @Bind("ns") String namespace,
      @Bind("name") String name,
      @Bind("column") String column,
      @Bind("ins") String inputNamespace,
      @Bind("iname") String inputName,
      @Bind("icolumn") String inputColumn);

  /** The events of a run, as JSON, in the order they happened. */
  @SqlQuery(
      "SELECT CAST(event AS text) FROM meshflow.lineage_events WHERE run_id = :id"
          + " ORDER BY event_time, id")
  List<String> events(@Bind("id") String runId);

  /**
   * The datasets one job away: with {@code direction} OUT and {@code other} IN, the inputs of the
   * jobs that write the dataset; with IN and OUT, the outputs of the jobs that read it.
   */
  @SqlQuery(
      """
      SELECT DISTINCT other.dataset_namespace AS namespace, other.dataset_name AS name,
             e.job_namespace || '/' || e.job_name AS job
      FROM meshflow.lineage_edges e
      JOIN meshflow.lineage_edges other
        ON other.job_namespace = e.job_namespace AND other.job_name = e.job_name
       AND other.direction = :other
      WHERE e.direction = :direction AND e.dataset_namespace = :ns AND e.dataset_name = :name
        AND NOT (other.dataset_namespace = :ns AND other.dataset_name = :name)
      ORDER BY 1, 2, 3
      """)
  List<Hop> hops(
      @Bind("ns") String namespace,
      @Bind("name") String name,
      @Bind("direction") String direction,
      @Bind("other") String other);

  /** The input columns a column comes from. */
  @SqlQuery(
      """
      SELECT input_dataset_namespace AS namespace, input_dataset_name AS name, input_column_name AS column
      FROM meshflow.column_lineage
      WHERE dataset_namespace = :ns AND dataset_name = :name AND column_name = :column ORDER BY 1, 2, 3
      """)
  List<Column> sources(
      @Bind("ns") String namespace, @Bind("name") String name, @Bind("column") String column);

  /** The output columns derived from a column. */
  @SqlQuery(
      """
      SELECT dataset_namespace AS namespace, dataset_name AS name, column_name AS column
      FROM meshflow.column_lineage
      WHERE input_dataset_namespace = :ns AND input_dataset_name = :name AND input_column_name = :column
      ORDER BY 1, 2, 3
      """)
  List<Column> derived(
      @Bind("ns") String namespace, @Bind("name") String name, @Bind("column") String column);

  /** The id the next stored event gets at least. */
  @SqlQuery("SELECT coalesce(max(id), 0) + 1 FROM meshflow.lineage_events")
  long nextEventId();

  /** Queues {@code producer}'s events from {@code first} on for {@code transport}. */
  @SqlUpdate(
      """
      INSERT INTO meshflow.lineage_deliveries (event_id, transport)
      SELECT e.id, :transport FROM meshflow.lineage_events e
      WHERE e.id >= :first AND e.producer = :producer
      ON CONFLICT DO NOTHING
      """)
  void enqueue(
      @Bind("transport") String transport,
      @Bind("first") long firstEventId,
      @Bind("producer") String producer);

  /** The next events due for {@code transport}, oldest first. */
  @SqlQuery(
      """
      SELECT d.event_id, d.attempts, CAST(e.event AS text) AS event
      FROM meshflow.lineage_deliveries d JOIN meshflow.lineage_events e ON e.id = d.event_id
      WHERE d.transport = :transport AND d.delivered_at IS NULL AND d.next_attempt_at <= now()
      ORDER BY d.event_id LIMIT 100
      """)
  List<Due> due(@Bind("transport") String transport);

  @SqlUpdate(
      "UPDATE meshflow.lineage_deliveries SET delivered_at = now(), attempts = attempts + 1,"
          + " last_error = NULL WHERE event_id = :id AND transport = :transport")
  void delivered(@Bind("id") long eventId, @Bind("transport") String transport);

  @SqlUpdate(
      "UPDATE meshflow.lineage_deliveries SET attempts = attempts + 1, last_error = :error,"
          + " next_attempt_at = now() + CAST(:backoffMillis AS double precision) * interval '1 millisecond'"
          + " WHERE event_id = :id AND transport = :transport")
  void failed(
      @Bind("id") long eventId,
      @Bind("transport") String transport,
      @Bind("error") String error,
      @Bind("backoffMillis") long backoffMillis);
}
