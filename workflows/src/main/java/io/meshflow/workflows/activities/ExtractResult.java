package io.meshflow.workflows.activities;

import io.meshflow.workflows.run.SourceOffsets;

/**
 * The staging table the source was loaded into, and how many rows it holds.
 *
 * @param offsets the range of a Kafka topic the rows came from, or {@code null} for any other
 *     source
 */
public record ExtractResult(String table, long rows, long sqlMillis, SourceOffsets offsets) {
  /** The result of a source that is read whole. */
  public ExtractResult(String table, long rows, long sqlMillis) {
    this(table, rows, sqlMillis, null);
  }

  /** Whether a topic had nothing new since the last publish: a run then has nothing to publish. */
  public boolean nothingNew() {
    return offsets != null && offsets.records() == 0;
  }
}
