package io.meshflow.workflows.backfill;

import io.meshflow.contracts.model.Partitioning;
import io.meshflow.workflows.run.PublishPlan;
import java.util.List;
import java.util.Map;

/**
 * Input of {@link BackfillWorkflow}, and the state it carries over when it continues as new.
 *
 * @param concurrency how many partitions run at once
 * @param maxAttempts how often a failed partition is tried before it is reported as failed
 * @param continueAfter finished partitions after which the workflow continues as new, keeping its
 *     history bounded
 * @param queued partitions waiting, in order
 * @param done how many partitions succeeded in earlier runs of this backfill
 * @param failed partitions that failed for good, with their error
 * @param attempts attempts so far of partitions that failed and wait to be tried again
 */
public record BackfillRequest(
    PublishPlan plan,
    Partitioning.Granularity granularity,
    int concurrency,
    int maxAttempts,
    int continueAfter,
    List<String> queued,
    long done,
    Map<String, String> failed,
    Map<String, Integer> attempts,
    boolean paused) {

  public BackfillRequest {
    queued = queued == null ? List.of() : List.copyOf(queued);
    failed = failed == null ? Map.of() : Map.copyOf(failed);
    attempts = attempts == null ? Map.of() : Map.copyOf(attempts);
  }

  /** A new backfill with nothing queued yet (ranges come by signal). */
  public static BackfillRequest start(
      PublishPlan plan, Partitioning.Granularity granularity, int concurrency) {
    return new BackfillRequest(
        plan, granularity, concurrency, 2, 500, List.of(), 0, Map.of(), Map.of(), false);
  }
}
