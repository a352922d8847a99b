package io.meshflow.orchestrator.catalog;

import io.meshflow.workflows.run.CheckOutcome;
import io.meshflow.workflows.run.RunRecord;
import io.meshflow.workflows.run.RunStarted;
import io.meshflow.workflows.run.RunStatus;
import io.meshflow.workflows.run.StepRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** Runs, their steps and check results. Every write is idempotent, keyed by run id. */
@RegisterConstructorMapper(RunRow.class)
@RegisterConstructorMapper(StepRow.class)
@RegisterConstructorMapper(CheckRow.class)
@RegisterConstructorMapper(CheckHistoryRow.class)
public interface RunDao extends SqlObject {
  /** Why a run an earlier embedded stack left running is failed. */
  String ABANDONED =
      "abandoned: the embedded Temporal running it stopped (its command or `meshflow dev` ended)"
          + " before the run did; run it again";

  @SqlUpdate(
      """
      INSERT INTO meshflow.runs (run_id, workflow_id, product_id, version, partition_key, trigger,
          status, started_at, parent_workflow_id, parent_run_id)
      VALUES (:runId, :workflowId, :product, :version, :partition, :trigger, 'RUNNING', :startedAt,
          :parentWorkflowId, :parentRunId)
      ON CONFLICT (run_id) DO NOTHING
      """)
  void insertStarted(@BindMethods RunStarted run, @Bind("startedAt") Instant startedAt);

  /** Records a run that has just begun. */
  default void started(RunStarted run) {
    insertStarted(run, Instant.ofEpochMilli(run.startedAtMillis()));
  }

  /** Records a finished run; when it published, the product's published version moves too. */
  @Transaction
  default void finished(RunRecord run) {
    Instant finishedAt = Instant.ofEpochMilli(run.finishedAtMillis());
    updateFinished(
        run.runId(),
        run.status(),
        finishedAt,
        run.rowsIn() < 0 ? null : run.rowsIn(),
        run.rowsOut(),
        run.publishedTable(),
        run.error(),
        run.note(),
        run.newestIngestionMillis() == null
            ? null
            : Instant.ofEpochMilli(run.newestIngestionMillis()),
        run.newestEventMillis() == null ? null : Instant.ofEpochMilli(run.newestEventMillis()));
    deleteSteps(run.runId());
    deleteChecks(run.runId());
    List<StepValues> steps = new ArrayList<>();
    for (int i = 0; i < run.steps().size(); i++)
      steps.add(StepValues.of(run.runId(), i, run.steps().get(i)));
    if (!steps.isEmpty()) insertSteps(steps);
    List<CheckValues> checks = new ArrayList<>();
    for (int i = 0; i < run.checks().size(); i++) {
      checks.add(CheckValues.of(run.runId(), i, run.checks().get(i)));
    }
    if (!checks.isEmpty()) insertChecks(checks);
    // a run that found nothing new published no version: the product's stays where it was
    if (run.status() == RunStatus.SUCCEEDED && run.publishedTable() != null) {
      updatePublished(run.product(), run.version(), run.runId(), run.rowsOut(), finishedAt);
    }
  }

  @SqlUpdate(
      """
      UPDATE meshflow.runs SET status = :status, finished_at = :finishedAt, rows_in = :rowsIn,
          rows_out = :rowsOut, published_table = :publishedTable, error = :error, note = :note,
          newest_ingestion_at = :newestIngestionAt, newest_event_at = :newestEventAt
      WHERE run_id = :runId
      """)
  void updateFinished(
      @Bind("runId") String runId,
      @Bind("status") RunStatus status,
      @Bind("finishedAt") Instant finishedAt,
      @Bind("rowsIn") Long rowsIn,
      @Bind("rowsOut") long rowsOut,
      @Bind("publishedTable") String publishedTable,
      @Bind("error") String error,
      @Bind("note") String note,
      @Bind("newestIngestionAt") Instant newestIngestionAt,
      @Bind("newestEventAt") Instant newestEventAt);

  @SqlUpdate("DELETE FROM meshflow.run_steps WHERE run_id = :runId")
  void deleteSteps(@Bind("runId") String runId);

  @SqlUpdate("DELETE FROM meshflow.check_results WHERE run_id = :runId")
  void deleteChecks(@Bind("runId") String runId);

  /** A step's row as stored. */
  record StepValues(
      String runId,
      int position,
      String step,
      String state,
      Instant startedAt,
      long durationMs,
      Long rowCount,
      String error) {
    static StepValues of(String runId, int position, StepRecord s) {
      return new StepValues(
          runId,
          position,
          s.step().label(),
          s.state().name(),
          s.startedAtMillis() == 0 ? null : Instant.ofEpochMilli(s.startedAtMillis()),
          s.durationMillis(),
          s.rows() < 0 ? null : s.rows(),
          s.error());
    }
  }

  @SqlBatch(
      """
      INSERT INTO meshflow.run_steps (run_id, position, step, state, started_at, duration_ms, row_count, error)
      VALUES (:runId, :position, :step, :state, :startedAt, :durationMs, :rowCount, :error)
      """)
  void insertSteps(@BindMethods List<StepValues> steps);

  /** A check result's row as stored. */
  record CheckValues(
      String runId,
      int position,
      String name,
      String assertion,
      String column,
      String severity,
      boolean success,
      String observed,
      String expected,
      Long elementCount,
      Long unexpectedCount,
      Double unexpectedPercent,
      Double threshold,
      String failingRows,
      String error,
      String observedValue) {
    static CheckValues of(String runId, int position, CheckOutcome c) {
      return new CheckValues(
          runId,
          position,
          c.name(),
          c.assertion(),
          c.column(),
          c.severity().name().toLowerCase(Locale.ROOT),
          c.success(),
          c.observed(),
          c.expected(),
          c.elementCount(),
          c.unexpectedCount(),
          c.unexpectedPercent(),
          c.threshold(),
          "[" + String.join(",", c.failingRows()) + "]",
          c.error(),
          c.observedValue());
    }
  }

  @SqlBatch(
      """
      INSERT INTO meshflow.check_results (run_id, position, check_name, assertion, column_name, severity,
          success, observed, expected, element_count, unexpected_count, unexpected_percent, threshold,
          failing_rows, error, observed_value)
      VALUES (:runId, :position, :name, :assertion, :column, :severity, :success, :observed, :expected,
          :elementCount, :unexpectedCount, :unexpectedPercent, :threshold, CAST(:failingRows AS jsonb),
          :error, :observedValue)
      """)
  void insertChecks(@BindMethods List<CheckValues> checks);

  @SqlUpdate(
      """
      UPDATE meshflow.products SET published_version = :version, published_run_id = :runId,
          published_rows = :rows, published_at = :at, updated_at = now()
      WHERE product_id = :product
      """)
  void updatePublished(
      @Bind("product") String product,
      @Bind("version") String version,
      @Bind("runId") String runId,
      @Bind("rows") long rows,
      @Bind("at") Instant at);

  /**
   * Marks every run still recorded as running as failed: called when an embedded stack starts, when
   * no workflow of an earlier one can still be running. (A run's steps are recorded when it ends,
   * so an abandoned run has none.)
   *
   * @return how many runs were marked
   */
  default int abandonRunning() {
    return failRunning(ABANDONED);
  }

  @SqlUpdate(
      "UPDATE meshflow.runs SET status = 'FAILED', finished_at = now(), error = :error"
          + " WHERE status = 'RUNNING'")
  int failRunning(@Bind("error") String error);

  /** The ids of the runs recorded as running. */
  @SqlQuery("SELECT run_id FROM meshflow.runs WHERE status = 'RUNNING'")
  List<String> runningIds();

  /** Runs started by upstream triggers since {@code since}, oldest first. */
  @SqlQuery(
      """
      SELECT * FROM meshflow.runs
      WHERE trigger = 'upstream' AND started_at >= :since
      ORDER BY started_at, run_id
      """)
  List<RunRow> triggeredSince(@Bind("since") Instant since);

  /** The newest runs first, optionally of one product. */
  @SqlQuery(
      """
      SELECT * FROM meshflow.runs
      WHERE CAST(:product AS text) IS NULL OR product_id = :product
      ORDER BY started_at DESC, run_id LIMIT :limit
      """)
  List<RunRow> recent(@Bind("limit") int limit, @Bind("product") String productId);

  /**
   * Each check of a product over its last {@code runs} finished runs that evaluated checks: latest
   * result and pass rate, in the order of the latest run.
   */
  @SqlQuery(
      """
      WITH recent AS (
          SELECT r.run_id, r.started_at FROM meshflow.runs r
          WHERE r.product_id = :product AND r.status <> 'RUNNING'
            AND EXISTS (SELECT 1 FROM meshflow.check_results c WHERE c.run_id = r.run_id)
          ORDER BY r.started_at DESC LIMIT :runs),
      results AS (
          SELECT c.*, row_number() OVER (PARTITION BY c.check_name ORDER BY recent.started_at DESC) AS age
          FROM meshflow.check_results c JOIN recent USING (run_id))
      SELECT check_name,
             max(assertion) FILTER (WHERE age = 1) AS assertion,
             max(severity) FILTER (WHERE age = 1) AS severity,
             count(*) AS runs,
             count(*) FILTER (WHERE success) AS passed,
             bool_or(success) FILTER (WHERE age = 1) AS latest_success,
             max(observed) FILTER (WHERE age = 1) AS latest_observed,
             max(expected) FILTER (WHERE age = 1) AS latest_expected,
             max(run_id) FILTER (WHERE age = 1) AS latest_run_id
      FROM results
      GROUP BY check_name
      ORDER BY min(age), min(position) FILTER (WHERE age = 1), check_name
      """)
  List<CheckHistoryRow> checkHistory(@Bind("product") String productId, @Bind("runs") int runs);

  /** One run by id, or by a unique prefix of its id. */
  @Transaction
  default Optional<RunDetail> find(String runIdOrPrefix) {
    List<RunRow> runs = byPrefix(runIdOrPrefix.replace("%", "").replace("_", "\\_"));
    if (runs.size() != 1) return Optional.empty();
    RunRow run = runs.get(0);
    return Optional.of(new RunDetail(run, steps(run.runId()), checks(run.runId())));
  }

  @SqlQuery("SELECT * FROM meshflow.runs WHERE run_id LIKE :prefix || '%' ORDER BY run_id LIMIT 2")
  List<RunRow> byPrefix(@Bind("prefix") String prefix);

  @SqlQuery(
      "SELECT step, state, started_at, duration_ms, row_count, error FROM meshflow.run_steps"
          + " WHERE run_id = :id ORDER BY position")
  List<StepRow> steps(@Bind("id") String runId);

  @SqlQuery(
      """
      SELECT check_name, assertion, column_name, severity, success, observed, expected, element_count,
             unexpected_count, unexpected_percent, threshold, CAST(failing_rows AS text) AS failing_rows,
             error, observed_value
      FROM meshflow.check_results WHERE run_id = :id ORDER BY position
      """)
  List<CheckRow> checks(@Bind("id") String runId);
}
