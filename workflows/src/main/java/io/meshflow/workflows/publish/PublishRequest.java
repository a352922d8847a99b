package io.meshflow.workflows.publish;

import io.meshflow.contracts.model.PartitionWindow;

/**
 * Input of {@link PublishWorkflow}.
 *
 * @param trigger what started the run: {@code cli}, {@code api}, {@code schedule}, {@code
 *     backfill}, {@code upstream}
 * @param partition the partition key, or {@code latest} for an unpartitioned product
 * @param window the partition's time window, or {@code null} for an unpartitioned product
 */
public record PublishRequest(
    PublishPlan plan, String trigger, String partition, PartitionWindow window) {
  public static final String LATEST = "latest";

  /** A run of a whole, unpartitioned product. */
  public PublishRequest(PublishPlan plan, String trigger, String partition) {
    this(plan, trigger, partition, null);
  }
}
