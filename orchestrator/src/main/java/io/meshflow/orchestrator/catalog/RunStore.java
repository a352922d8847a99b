package io.meshflow.orchestrator.catalog;

import io.meshflow.workflows.activities.RunRecord;
import io.meshflow.workflows.activities.RunStarted;
import io.meshflow.workflows.publish.CheckOutcome;
import io.meshflow.workflows.publish.RunStatus;
import io.meshflow.workflows.publish.StepRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Runs, their steps and check results. Every write is idempotent, keyed by run id. */
public final class RunStore {
  private final Jdbi jdbi;

  RunStore(Jdbi jdbi) {
    this.jdbi = jdbi;
    jdbi.registerRowMapper(ConstructorMapper.factory(RunRow.class));
    jdbi.registerRowMapper(ConstructorMapper.factory(StepRow.class));
    jdbi.registerRowMapper(ConstructorMapper.factory(CheckRow.class));
    jdbi.registerRowMapper(ConstructorMapper.factory(CheckHistoryRow.class));
  }

  public void started(RunStarted run) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    """
                    INSERT INTO meshflow.runs (run_id, workflow_id, product_id, version, partition_key, trigger,
                        status, started_at, parent_workflow_id, parent_run_id)
                    VALUES (:runId, :workflowId, :product, :version, :partition, :trigger, 'RUNNING', :startedAt,
                        :parentWorkflowId, :parentRunId)
                    ON CONFLICT (run_id) DO NOTHING
                    """)
                .bindMethods(run)
                .bind("startedAt", Instant.ofEpochMilli(run.startedAtMillis()))
                .execute());
  }

  /** Records a finished run; when it published, the product's published version moves too. */
  public void finished(RunRecord run) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  """
                  UPDATE meshflow.runs SET status = :status, finished_at = :finishedAt, rows_in = :rowsIn,
                      rows_out = :rowsOut, published_table = :publishedTable, error = :error
                  WHERE run_id = :runId
                  """)
              .bindMethods(run)
              .bind("status", run.status().name())
              .bind("finishedAt", Instant.ofEpochMilli(run.finishedAtMillis()))
              .bind("rowsIn", run.rowsIn() < 0 ? null : run.rowsIn())
              .execute();
          h.execute("DELETE FROM meshflow.run_steps WHERE run_id = ?", run.runId());
          h.execute("DELETE FROM meshflow.check_results WHERE run_id = ?", run.runId());
          PreparedBatch steps =
              h.prepareBatch(
                  """
                  INSERT INTO meshflow.run_steps (run_id, position, step, state, started_at, duration_ms, row_count, error)
                  VALUES (:runId, :position, :step, :state, :startedAt, :durationMs, :rowCount, :error)
                  """);
          for (int i = 0; i < run.steps().size(); i++) {
            StepRecord s = run.steps().get(i);
            steps
                .bind("runId", run.runId())
                .bind("position", i)
                .bind("step", s.step().label())
                .bind("state", s.state().name())
                .bind(
                    "startedAt",
                    s.startedAtMillis() == 0 ? null : Instant.ofEpochMilli(s.startedAtMillis()))
                .bind("durationMs", s.durationMillis())
                .bind("rowCount", s.rows() < 0 ? null : s.rows())
                .bind("error", s.error())
                .add();
          }
          steps.execute();
          if (!run.checks().isEmpty()) {
            PreparedBatch checks =
                h.prepareBatch(
                    """
                    INSERT INTO meshflow.check_results (run_id, position, check_name, assertion, column_name, severity,
                        success, observed, expected, element_count, unexpected_count, unexpected_percent, threshold,
                        failing_rows)
                    VALUES (:runId, :position, :name, :assertion, :column, :severity, :success, :observed, :expected,
                        :elementCount, :unexpectedCount, :unexpectedPercent, :threshold, CAST(:failingRowsJson AS jsonb))
                    """);
            for (int i = 0; i < run.checks().size(); i++) {
              CheckOutcome c = run.checks().get(i);
              checks
                  .bindMethods(c)
                  .bind("runId", run.runId())
                  .bind("position", i)
                  .bind("severity", c.severity().name().toLowerCase(java.util.Locale.ROOT))
                  .bind("failingRowsJson", "[" + String.join(",", c.failingRows()) + "]")
                  .add();
            }
            checks.execute();
          }
          if (run.status() == RunStatus.SUCCEEDED) {
            h.createUpdate(
                    """
                    UPDATE meshflow.products SET published_version = :version, published_run_id = :runId,
                        published_rows = :rowsOut, published_at = :finishedAt, updated_at = now()
                    WHERE product_id = :product
                    """)
                .bindMethods(run)
                .bind("finishedAt", Instant.ofEpochMilli(run.finishedAtMillis()))
                .execute();
          }
        });
  }

  static final String ABANDONED =
      "abandoned: the embedded Temporal running it stopped (its command or `meshflow dev` ended)"
          + " before the run did; run it again";

  /**
   * Marks every run still recorded as running as failed: called when an embedded stack starts, when
   * no workflow of an earlier one can still be running. (A run's steps are recorded when it ends,
   * so an abandoned run has none.)
   *
   * @return how many runs were marked
   */
  public int abandonRunning() {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    """
                    UPDATE meshflow.runs SET status = 'FAILED', finished_at = now(), error = :error
                    WHERE status = 'RUNNING'
                    """)
                .bind("error", ABANDONED)
                .execute());
  }

  /** Runs started by upstream triggers since {@code since}, oldest first. */
  public List<RunRow> triggeredSince(Instant since) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
                    SELECT * FROM meshflow.runs
                    WHERE trigger = 'upstream' AND started_at >= :since
                    ORDER BY started_at, run_id
                    """)
                .bind("since", since)
                .mapTo(RunRow.class)
                .list());
  }

  /** The newest runs first, optionally of one product. */
  public List<RunRow> recent(int limit, String productId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
                    SELECT * FROM meshflow.runs
                    WHERE CAST(:product AS text) IS NULL OR product_id = :product
                    ORDER BY started_at DESC, run_id LIMIT :limit
                    """)
                .bind("product", productId)
                .bind("limit", limit)
                .mapTo(RunRow.class)
                .list());
  }

  /**
   * Each check of a product over its last {@code runs} finished runs that evaluated checks: latest
   * result and pass rate, in the order of the latest run.
   */
  public List<CheckHistoryRow> checkHistory(String productId, int runs) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
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
                .bind("product", productId)
                .bind("runs", runs)
                .mapTo(CheckHistoryRow.class)
                .list());
  }

  /** One run by id, or by a unique prefix of its id. */
  public Optional<RunDetail> find(String runIdOrPrefix) {
    return jdbi.withHandle(
        h -> {
          List<RunRow> runs =
              h.createQuery(
                      "SELECT * FROM meshflow.runs WHERE run_id LIKE :prefix || '%' ORDER BY run_id LIMIT 2")
                  .bind("prefix", runIdOrPrefix.replace("%", "").replace("_", "\\_"))
                  .mapTo(RunRow.class)
                  .list();
          if (runs.size() != 1) return Optional.empty();
          RunRow run = runs.get(0);
          List<StepRow> steps =
              h.createQuery(
                      "SELECT step, state, started_at, duration_ms, row_count, error FROM meshflow.run_steps"
                          + " WHERE run_id = :id ORDER BY position")
                  .bind("id", run.runId())
                  .mapTo(StepRow.class)
                  .list();
          List<CheckRow> checks =
              h.createQuery(
                      "SELECT check_name, assertion, column_name, severity, success, observed, expected, element_count,"
                          + " unexpected_count, unexpected_percent, threshold, CAST(failing_rows AS text) AS failing_rows"
                          + " FROM meshflow.check_results"
                          + " WHERE run_id = :id ORDER BY position")
                  .bind("id", run.runId())
                  .mapTo(CheckRow.class)
                  .list();
          return Optional.of(new RunDetail(run, steps, checks));
        });
  }
}
