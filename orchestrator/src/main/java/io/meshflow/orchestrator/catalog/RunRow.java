package io.meshflow.orchestrator.catalog;

import io.meshflow.workflows.run.RunStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * One run in the run store.
 *
 * @param parentWorkflowId the backfill, schedule or upstream run that started it, or {@code null}
 * @param note what the run read of a Kafka topic, or that it found nothing new; or {@code null}
 * @param newestIngestionAt the newest ingestion time of the rows the run read, or {@code null}
 * @param newestEventAt the newest event time the run published, or {@code null}
 */
public record RunRow(
    String runId,
    String workflowId,
    String productId,
    String version,
    String partitionKey,
    String trigger,
    RunStatus status,
    Instant startedAt,
    Instant finishedAt,
    Long rowsIn,
    Long rowsOut,
    String publishedTable,
    String error,
    String parentWorkflowId,
    String parentRunId,
    String note,
    Instant newestIngestionAt,
    Instant newestEventAt) {

  /** Wall time of the run, or of its part so far while it runs. */
  public Duration duration() {
    return Duration.between(startedAt, finishedAt == null ? Instant.now() : finishedAt);
  }
}
