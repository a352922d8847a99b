package io.meshflow.workflows.run;

import java.util.List;

/**
 * Output of a successful {@code PublishWorkflow} run. A failed run fails the workflow instead; its
 * record is in the run store either way.
 *
 * @param sqlMillis time spent in SQL inside the data activities; orchestration costs the rest
 * @param triggered the downstream runs it started (or joined) once published
 * @param note what the run read of a Kafka topic, or that it had nothing new to publish; or null
 */
public record PublishResult(
    String runId,
    String product,
    String version,
    RunStatus status,
    long rowsIn,
    long rowsOut,
    String publishedTable,
    List<StepRecord> steps,
    List<CheckOutcome> checks,
    long sqlMillis,
    List<TriggeredRun> triggered,
    String note) {
  public PublishResult {
    triggered = triggered == null ? List.of() : List.copyOf(triggered);
  }

  /** Whether the run published a new version (a topic with nothing new publishes none). */
  public boolean published() {
    return publishedTable != null;
  }
}
