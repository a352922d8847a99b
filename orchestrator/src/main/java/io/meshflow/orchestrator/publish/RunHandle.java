package io.meshflow.orchestrator.publish;

import io.meshflow.workflows.run.PublishResult;
import java.util.concurrent.CompletableFuture;

/**
 * A publish run that was started (or joined, when one was already running for the same workflow
 * id).
 *
 * @param joined whether an existing run was joined instead of starting a new one
 * @param conflict when the joined run was started with other contract or source content than the
 *     caller has, what that means for the caller; else null
 */
public record RunHandle(
    String product,
    String workflowId,
    String runId,
    boolean joined,
    CompletableFuture<PublishResult> result,
    String conflict) {
  /** A run whose inputs are those of its caller (or unknown). */
  public RunHandle(
      String product,
      String workflowId,
      String runId,
      boolean joined,
      CompletableFuture<PublishResult> result) {
    this(product, workflowId, runId, joined, result, null);
  }
}
