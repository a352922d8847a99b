package io.meshflow.orchestrator.publish;

import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.orchestrator.catalog.RunDao;
import io.meshflow.orchestrator.catalog.RunRow;
import io.meshflow.workflows.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The runs that upstream triggers started during a command. An embedded stack ends with its
 * command, so the command waits for them first; a dev stack or a cluster runs them on.
 */
public final class TriggeredRuns {
  /** A run records itself as its first step, within moments of being started. */
  private static final Duration SETTLE = Duration.ofMillis(500);

  private final RunDao runs;
  private final boolean waits;

  /**
   * @param waits whether the stack ends with its command (embedded), so that a command waits for
   *     the runs it triggered
   */
  public TriggeredRuns(RunDao runs, boolean waits) {
    this.runs = runs;
    this.waits = waits;
  }

  /**
   * Waits, when the stack is embedded, until every run triggered since {@code since} has ended
   * (runs they trigger in turn included); returns them all, oldest first. None when no product of
   * {@code mesh} follows another.
   */
  public List<RunRow> await(Mesh mesh, Instant since, Duration timeout)
      throws InterruptedException {
    if (!mesh.hasFollowers()) return List.of();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<RunRow> found = runs.triggeredSince(since);
      if (!waits || System.nanoTime() > deadline) return found;
      if (noneRunning(found)) {
        Thread.sleep(SETTLE.toMillis());
        List<RunRow> settled = runs.triggeredSince(since);
        if (settled.size() == found.size() && noneRunning(settled)) return settled;
        continue;
      }
      Thread.sleep(200);
    }
  }

  private static boolean noneRunning(List<RunRow> runs) {
    return runs.stream().noneMatch(r -> r.status() == RunStatus.RUNNING);
  }
}
