package io.meshflow.workflows.run;

import java.util.List;

/**
 * The range of a Kafka topic a run read: per partition, from the offset the last publish committed
 * (or the earliest the topic still holds) to the end offset the extract found. The publish commits
 * the range's ends in the transaction that publishes its data, and only if the committed offsets
 * are still the ones the run started from.
 *
 * @param topic the topic
 * @param partitions each partition's range, by partition
 * @param skipped records left out because their value was not a JSON object ({@code on_bad_record:
 *     skip})
 */
public record SourceOffsets(String topic, List<Partition> partitions, long skipped) {
  public SourceOffsets {
    partitions = List.copyOf(partitions);
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

  /** Records the range holds, skipped ones included. */
  public long records() {
    return partitions.stream().mapToLong(Partition::records).sum();
  }

  /** {@code 0:[0,104) 1:[3,9)}: the range, for messages and the run's lineage. */
  public String describe() {
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
}
