package io.meshflow.workflows.activities;

import io.meshflow.workflows.run.CheckOutcome;
import io.meshflow.workflows.run.PublishPlan;
import io.meshflow.workflows.run.SourceRange;
import java.util.List;

/**
 * What an OpenLineage event of a run says: which run, what it read and wrote, and how it ended.
 *
 * @param eventType {@code START}, {@code COMPLETE}, {@code FAIL} or {@code ABORT}
 * @param rowsIn rows read from the source, or -1
 * @param rowsOut rows published, or -1
 * @param error the failure in words for {@code FAIL}, else {@code null}
 * @param parentWorkflowId the workflow that started this run (backfill, schedule, upstream run), or
 *     {@code null}
 * @param range what the run read of a source read incrementally, once its extract has; else {@code
 *     null}
 */
public record LineageRequest(
    String runId,
    String eventType,
    long eventTimeMillis,
    long startedAtMillis,
    String trigger,
    String parentWorkflowId,
    String parentRunId,
    PublishPlan plan,
    List<CheckOutcome> checks,
    long rowsIn,
    long rowsOut,
    String error,
    SourceRange range) {
  public LineageRequest {
    checks = checks == null ? List.of() : List.copyOf(checks);
  }
}
