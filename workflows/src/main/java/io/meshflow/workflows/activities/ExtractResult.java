package io.meshflow.workflows.activities;

import io.meshflow.workflows.run.SourceRange;

/**
 * The staging table the source was loaded into, and how many rows it holds.
 *
 * @param range what the rows are of a source read incrementally (a topic's offsets, a table's
 *     cursor values), or {@code null} for a source read whole
 */
public record ExtractResult(String table, long rows, long sqlMillis, SourceRange range) {
  /** The result of a source that is read whole. */
  public ExtractResult(String table, long rows, long sqlMillis) {
    this(table, rows, sqlMillis, null);
  }

  /** Whether the source had nothing new since the last publish: a run then publishes nothing. */
  public boolean nothingNew() {
    return range != null && range.nothingNew();
  }
}
