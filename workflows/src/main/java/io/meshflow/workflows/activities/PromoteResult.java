package io.meshflow.workflows.activities;

import io.meshflow.workflows.run.CheckOutcome;
import java.util.List;

/**
 * The published table (quoted, qualified) and the rows it holds.
 *
 * @param table the table, or {@code null} when nothing was published: a source with nothing new, or
 *     an incremental product whose merged table failed a check that stops the run
 * @param checks the outcomes of the checks that judged an incremental product's merged table
 * @param newestEventMillis the newest value of the product's event-time column in what was
 *     published, or {@code null} (no such column, or no value)
 */
public record PromoteResult(
    String table, long rows, long sqlMillis, List<CheckOutcome> checks, Long newestEventMillis) {
  public PromoteResult {
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  public PromoteResult(String table, long rows, long sqlMillis) {
    this(table, rows, sqlMillis, List.of(), null);
  }
}
