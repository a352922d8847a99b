package io.meshflow.workflows.backfill;

import java.util.List;
import java.util.Map;

/**
 * What the {@code progress} query answers.
 *
 * @param etaSeconds estimated seconds to finish at the pace so far, or -1 when unknown
 */
public record BackfillProgress(
    long done,
    List<String> running,
    List<String> queued,
    Map<String, String> failed,
    boolean paused,
    boolean cancelled,
    long etaSeconds) {}
