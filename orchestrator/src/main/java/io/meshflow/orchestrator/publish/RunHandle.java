package io.meshflow.orchestrator.publish;

import io.meshflow.workflows.publish.PublishResult;
import java.util.concurrent.CompletableFuture;

/**
 * A publish run that was started (or joined, when one was already running for the same workflow
 * id).
 *
 * @param joined whether an existing run was joined instead of starting a new one
 */
public record RunHandle(
    String product,
    String workflowId,
    String runId,
    boolean joined,
    CompletableFuture<PublishResult> result) {}
