package io.meshflow.workflows.publish;

/**
 * Input of {@link PublishWorkflow}.
 *
 * @param trigger what started the run: {@code cli}, {@code api}, {@code schedule}, {@code
 *     backfill}, {@code upstream}
 * @param partition the partition key, or {@code latest} for an unpartitioned product
 */
public record PublishRequest(PublishPlan plan, String trigger, String partition) {
  public static final String LATEST = "latest";
}
