package io.meshflow.orchestrator.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SLA monitors the platform runs and the breaches they recorded. */
@RegisterConstructorMapper(SlaDao.Monitor.class)
@RegisterConstructorMapper(SlaDao.Breach.class)
@RegisterConstructorMapper(SlaDao.DataTime.class)
@RegisterConstructorMapper(SlaDao.WebhookRow.class)
public interface SlaDao {
  /** A webhook a product's alerts go to; {@code url} may be {@code ${env:NAME}}. */
  record WebhookRow(String name, String url, String format) {}

  @SqlQuery(
      "SELECT name, url, format FROM meshflow.sla_webhooks WHERE product_id = :p ORDER BY name")
  List<WebhookRow> webhooks(@Bind("p") String productId);

  @SqlUpdate("DELETE FROM meshflow.sla_webhooks WHERE product_id = :p")
  void deleteWebhooks(@Bind("p") String productId);

  @SqlUpdate(
      "INSERT INTO meshflow.sla_webhooks (product_id, name, url, format) VALUES (:p, :name, :url,"
          + " :format)")
  void saveWebhook(
      @Bind("p") String productId,
      @Bind("name") String name,
      @Bind("url") String url,
      @Bind("format") String format);

  @SqlQuery(
      "SELECT EXISTS (SELECT 1 FROM meshflow.sla_deliveries WHERE alert_id = :a AND webhook ="
          + " :w)")
  boolean delivered(@Bind("a") String alertId, @Bind("w") String webhook);

  @SqlUpdate(
      """
      INSERT INTO meshflow.sla_deliveries (alert_id, webhook, delivered_at, status)
      VALUES (:a, :w, :at, :status) ON CONFLICT DO NOTHING
      """)
  void recordDelivery(
      @Bind("a") String alertId,
      @Bind("w") String webhook,
      @Bind("at") Instant deliveredAt,
      @Bind("status") int status);

  /**
   * A product's monitor, as last started or retargeted.
   *
   * @param targetsSince since when its freshness target has been the one it has
   */
  record Monitor(
      String productId,
      String workflowId,
      Long freshnessSeconds,
      Double availabilityPercent,
      Long probeSeconds,
      String relation,
      Instant monitoredSince,
      boolean runsOnFreshness,
      Instant targetsSince) {}

  /** A breach; {@code endedAt} null while it goes on. */
  record Breach(
      String breachId,
      String productId,
      String kind,
      Instant startedAt,
      Instant endedAt,
      String cause,
      String endedByRun) {}

  /**
   * What the catalog knows of a product's newest published data.
   *
   * @param dataTime the newest event time, else ingestion time, else publish time, of its
   *     successful runs that published data
   * @param publishedAt when the run that published it finished
   */
  record DataTime(String runId, Instant dataTime, Instant publishedAt) {}

  @SqlQuery(
      "SELECT product_id, workflow_id, freshness_seconds, availability_percent, probe_seconds,"
          + " relation, monitored_since, runs_on_freshness, updated_at AS targets_since"
          + " FROM meshflow.sla_monitors ORDER BY product_id")
  List<Monitor> monitors();

  @SqlQuery(
      "SELECT product_id, workflow_id, freshness_seconds, availability_percent, probe_seconds,"
          + " relation, monitored_since, runs_on_freshness, updated_at AS targets_since"
          + " FROM meshflow.sla_monitors WHERE product_id = :p")
  Optional<Monitor> monitor(@Bind("p") String productId);

  @SqlUpdate(
      """
      INSERT INTO meshflow.sla_monitors (product_id, workflow_id, freshness_seconds,
          availability_percent, probe_seconds, relation, monitored_since, runs_on_freshness,
          updated_at)
      VALUES (:p, :w, :freshness, :availability, :probe, :relation, :since, :runs, :now)
      ON CONFLICT (product_id) DO UPDATE SET freshness_seconds = excluded.freshness_seconds,
          availability_percent = excluded.availability_percent,
          probe_seconds = excluded.probe_seconds, relation = excluded.relation,
          runs_on_freshness = excluded.runs_on_freshness,
          updated_at = CASE WHEN sla_monitors.freshness_seconds
              IS DISTINCT FROM excluded.freshness_seconds THEN :now ELSE sla_monitors.updated_at
              END
      """)
  void saveMonitor(
      @Bind("p") String productId,
      @Bind("w") String workflowId,
      @Bind("freshness") Long freshnessSeconds,
      @Bind("availability") Double availabilityPercent,
      @Bind("probe") Long probeSeconds,
      @Bind("relation") String relation,
      @Bind("since") Instant monitoredSince,
      @Bind("runs") boolean runsOnFreshness,
      @Bind("now") Instant now);

  /**
   * How long a product's last successful publishing runs took (milliseconds from start to end),
   * newest first.
   */
  @SqlQuery(
      """
      SELECT (extract(epoch FROM finished_at - started_at) * 1000)::bigint FROM meshflow.runs
      WHERE product_id = :p AND status = 'SUCCEEDED' AND published_table IS NOT NULL
        AND finished_at IS NOT NULL
      ORDER BY finished_at DESC LIMIT :n
      """)
  List<Long> recentRunMillis(@Bind("p") String productId, @Bind("n") int runs);

  @SqlUpdate("DELETE FROM meshflow.sla_monitors WHERE product_id = :p")
  void deleteMonitor(@Bind("p") String productId);

  @SqlUpdate(
      """
      INSERT INTO meshflow.sla_breaches (breach_id, product_id, kind, started_at, cause)
      VALUES (:id, :p, :kind, :at, :cause)
      ON CONFLICT (breach_id) DO NOTHING
      """)
  boolean breachStarted(
      @Bind("id") String breachId,
      @Bind("p") String productId,
      @Bind("kind") String kind,
      @Bind("at") Instant startedAt,
      @Bind("cause") String cause);

  @SqlUpdate(
      """
      UPDATE meshflow.sla_breaches SET ended_at = :at, ended_by_run = :run
      WHERE breach_id = :id AND ended_at IS NULL
      """)
  boolean breachEnded(
      @Bind("id") String breachId, @Bind("at") Instant endedAt, @Bind("run") String runId);

  /** The breaches of a product that overlap {@code [from, to)}, oldest first. */
  @SqlQuery(
      """
      SELECT breach_id, product_id, kind, started_at, ended_at, cause, ended_by_run
      FROM meshflow.sla_breaches
      WHERE product_id = :p AND started_at < :to AND (ended_at IS NULL OR ended_at > :from)
      ORDER BY started_at, kind
      """)
  List<Breach> breaches(
      @Bind("p") String productId, @Bind("from") Instant from, @Bind("to") Instant to);

  /** The breaches of a product that go on. */
  @SqlQuery(
      """
      SELECT breach_id, product_id, kind, started_at, ended_at, cause, ended_by_run
      FROM meshflow.sla_breaches WHERE product_id = :p AND ended_at IS NULL ORDER BY started_at
      """)
  List<Breach> open(@Bind("p") String productId);

  /** When a product first published data, if ever. */
  @SqlQuery(
      """
      SELECT min(finished_at) FROM meshflow.runs
      WHERE product_id = :p AND status = 'SUCCEEDED' AND published_table IS NOT NULL
      """)
  Optional<Instant> firstPublished(@Bind("p") String productId);

  /**
   * A product's runs that published data (a data time of their own), each with its data time: the
   * newest event time, else the newest ingestion time, else its end.
   */
  String DATA_PUBLISHED =
      """
      SELECT run_id, COALESCE(newest_event_at, newest_ingestion_at, finished_at) AS data_time,
             finished_at AS published_at
      FROM meshflow.runs
      WHERE product_id = :p AND status = 'SUCCEEDED' AND published_table IS NOT NULL
        AND (rows_out > 0 OR newest_event_at IS NOT NULL OR newest_ingestion_at IS NOT NULL)
      """;

  /**
   * The runs of a product that published data and finished after {@code since}, in the order they
   * finished.
   */
  @SqlQuery(DATA_PUBLISHED + " AND finished_at > :since ORDER BY finished_at, run_id")
  List<DataTime> dataPublishedSince(@Bind("p") String productId, @Bind("since") Instant since);

  /** The newest data a product had published by {@code at}. */
  @SqlQuery(DATA_PUBLISHED + " AND finished_at <= :at ORDER BY data_time DESC LIMIT 1")
  Optional<DataTime> newestDataAt(@Bind("p") String productId, @Bind("at") Instant at);

  /** The newest data a product published. */
  @SqlQuery(DATA_PUBLISHED + " ORDER BY data_time DESC LIMIT 1")
  Optional<DataTime> newestData(@Bind("p") String productId);
}
