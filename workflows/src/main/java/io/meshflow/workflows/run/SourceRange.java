package io.meshflow.workflows.run;

import java.util.List;

/**
 * What of an incrementally read source a run read: of a Kafka topic, per partition, the offsets
 * from the one the last publish committed (or the earliest the topic still holds) to the end the
 * extract found; of a database table read by a cursor column, the values after the one the last
 * publish committed up to the highest the extract found. The publish commits the range's end in the
 * transaction that publishes its data, and only if the committed position is still the one the run
 * started from.
 *
 * @param source the topic, or the table ({@code db.schema.table}) or query source it names
 * @param partitions a topic's partitions, by partition; empty for a table
 * @param cursor a table's cursor range; {@code null} for a topic
 * @param skipped records left out because their value was not a JSON object ({@code on_bad_record:
 *     skip})
 */
public record SourceRange(String source, List<Partition> partitions, Cursor cursor, long skipped) {
  public SourceRange {
    partitions = List.copyOf(partitions);
  }

  /** A topic's range. */
  public static SourceRange ofTopic(String topic, List<Partition> partitions, long skipped) {
    return new SourceRange(topic, partitions, null, skipped);
  }

  /** A table's range by its cursor column. */
  public static SourceRange ofCursor(String table, Cursor cursor) {
    return new SourceRange(table, List.of(), cursor, 0);
  }

  /**
   * One partition's range {@code [from, to)}.
   *
   * @param committed the offset committed when the run read, or {@code null} if none was
   */
  public record Partition(int partition, Long committed, long from, long to) {
    public long records() {
      return to - from;
    }
  }

  /**
   * A cursor column's range {@code (from, to]}, its values as PostgreSQL prints them.
   *
   * @param committed the highest value the last publish read, or {@code null} if none did
   * @param from the value the run reads after: {@code committed}, or {@code null} (from the start)
   *     for a full refresh
   * @param to the highest value the extract found, or {@code null} for an empty table
   */
  public record Cursor(String column, String committed, String from, String to) {}

  /** Offsets a topic's range holds, skipped ones included; 0 for a table. */
  public long records() {
    return partitions.stream().mapToLong(Partition::records).sum();
  }

  /** Whether the source has nothing since the last publish: no offset, no newer cursor value. */
  public boolean nothingNew() {
    if (cursor != null) {
      return cursor.to() == null || cursor.to().equals(cursor.from());
    }
    return records() == 0;
  }

  /** {@code 0:[0,104) 1:[3,9)}, or {@code updated_at (a, b]}: the range, for messages. */
  public String describe() {
    if (cursor != null) {
      return cursor.column()
          + " "
          + (cursor.from() == null ? "(start" : "(" + cursor.from())
          + ", "
          + (cursor.to() == null ? cursor.from() == null ? "start" : cursor.from() : cursor.to())
          + "]";
    }
    StringBuilder out = new StringBuilder();
    for (Partition p : partitions) {
      if (out.length() > 0) out.append(' ');
      out.append(p.partition())
          .append(":[")
          .append(p.from())
          .append(',')
          .append(p.to())
          .append(')');
    }
    return out.toString();
  }

  /** What the run read, for its record: {@code topic t: offsets …} or {@code table t: …}. */
  public String what() {
    return (cursor == null ? "topic " : "table ") + source;
  }
}
