package io.meshflow.orchestrator.publish;

import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.orchestrator.catalog.RunRow;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackMode;
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

  private TriggeredRuns() {}

  /**
   * Waits, when the stack is embedded, until every run triggered since {@code since} has ended
   * (runs they trigger in turn included); returns them all, oldest first. None when no product of
   * {@code mesh} follows another.
   */
  public static List<RunRow> await(MeshStack stack, Mesh mesh, Instant since, Duration timeout)
      throws InterruptedException {
    if (!mesh.hasFollowers()) return List.of();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<RunRow> runs = stack.catalog().runs().triggeredSince(since);
      boolean going = runs.stream().anyMatch(r -> r.status().equals("RUNNING"));
      if (stack.mode() != StackMode.EMBEDDED || System.nanoTime() > deadline) return runs;
      if (!going) {
        Thread.sleep(SETTLE.toMillis());
        List<RunRow> settled = stack.catalog().runs().triggeredSince(since);
        if (settled.size() == runs.size()
            && settled.stream().noneMatch(r -> r.status().equals("RUNNING"))) {
          return settled;
        }
        continue;
      }
      Thread.sleep(200);
    }
  }
}
