package io.meshflow.workflows.run;

import io.meshflow.contracts.model.PartitionWindow;

/**
 * Input of {@code PublishWorkflow}.
 *
 * @param trigger what started the run: {@code cli}, {@code api}, {@code schedule}, {@code
 *     backfill}, {@code upstream}
 * @param partition the partition key, or {@code latest} for an unpartitioned product
 * @param window the partition's time window, or {@code null} for an unpartitioned product
 * @param inputs a digest of what the starter saw of the contract and its source files, so that a
 *     caller who joins the run can tell whether it runs what they have; {@code null} when unknown
 * @param fullRefresh read the source from its start, ignoring what earlier publishes read, and
 *     rebuild the product (an incremental one too) from it ({@code publish --full-refresh})
 */
public record PublishRequest(
    PublishPlan plan,
    String trigger,
    String partition,
    PartitionWindow window,
    String inputs,
    boolean fullRefresh) {
  public static final String LATEST = "latest";

  /** A run that reads on from what earlier publishes read. */
  public PublishRequest(
      PublishPlan plan, String trigger, String partition, PartitionWindow window, String inputs) {
    this(plan, trigger, partition, window, inputs, false);
  }

  /** A run of a whole, unpartitioned product. */
  public PublishRequest(PublishPlan plan, String trigger, String partition) {
    this(plan, trigger, partition, null, null);
  }

  /** A run whose starter leaves its inputs unnamed. */
  public PublishRequest(
      PublishPlan plan, String trigger, String partition, PartitionWindow window) {
    this(plan, trigger, partition, window, null);
  }
}
