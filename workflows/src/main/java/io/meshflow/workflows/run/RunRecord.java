package io.meshflow.workflows.run;

import java.util.List;

/**
 * A finished run, as the catalog keeps it.
 *
 * @param publishedTable the table the run published, or {@code null} if it did not publish
 * @param error the failure in words, or {@code null}
 * @param note what the run read of a Kafka topic, or that it had nothing new; or {@code null}
 * @param newestIngestionMillis the newest ingestion time of the rows it read, or {@code null}
 * @param newestEventMillis the newest event time it published ({@code sla.freshness_column}, else
 *     the partition column), or {@code null}
 */
public record RunRecord(
    String runId,
    String product,
    String version,
    RunStatus status,
    long rowsIn,
    long rowsOut,
    String publishedTable,
    long finishedAtMillis,
    List<StepRecord> steps,
    List<CheckOutcome> checks,
    String error,
    String note,
    Long newestIngestionMillis,
    Long newestEventMillis) {
  public RunRecord {
    steps = List.copyOf(steps);
    checks = List.copyOf(checks);
  }
}
