package io.meshflow.workflows.activities;

import io.meshflow.workflows.run.SourceRange;

/**
 * The staging table the source was loaded into, and how many rows it holds.
 *
 * @param range what the rows are of a source read incrementally (a topic's offsets, a table's
 *     cursor values), or {@code null} for a source read whole
 * @param newestIngestionMillis the newest ingestion time of the staged rows (a record's timestamp,
 *     or when the extract read a file or table), or {@code null} when none was staged
 */
public record ExtractResult(
    String table, long rows, long sqlMillis, SourceRange range, Long newestIngestionMillis) {
  /** The result of a source that is read whole. */
  public ExtractResult(String table, long rows, long sqlMillis) {
    this(table, rows, sqlMillis, null, null);
  }

  /** Whether the source had nothing new since the last publish: a run then publishes nothing. */
  public boolean nothingNew() {
    return range != null && range.nothingNew();
  }
}
