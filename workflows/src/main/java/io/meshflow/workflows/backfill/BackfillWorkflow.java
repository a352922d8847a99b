package io.meshflow.workflows.backfill;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One long-running backfill per product ({@code backfill/<product>}), started with SignalWithStart:
 * ranges of partitions come by signal and merge, and each partition runs as a child publish run, a
 * bounded number at a time, never two of the same partition at once.
 */
@WorkflowInterface
public interface BackfillWorkflow {
  static String workflowId(String product) {
    return "backfill/" + product;
  }

  @WorkflowMethod(name = "Backfill")
  void run(BackfillRequest request);

  /** Adds the partitions from {@code from} to {@code to} (included) to the queue. */
  @SignalMethod
  void backfill(String from, String to);

  /** Starts no new partition until resumed; running ones finish. */
  @SignalMethod
  void pause();

  @SignalMethod
  void resume();

  /** Starts nothing more, and ends when the running partitions have. */
  @SignalMethod
  void cancel();

  @QueryMethod
  BackfillProgress progress();
}
