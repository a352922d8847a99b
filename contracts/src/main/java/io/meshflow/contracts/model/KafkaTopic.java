package io.meshflow.contracts.model;

import java.nio.file.Path;

/**
 * A Kafka topic a domain reads: where the cluster is, which topic, and what to do with a record
 * whose value is not a JSON object.
 *
 * @param bootstrapServers {@code host:port[,host:port…]} as the source declares them, or {@code
 *     null}: then the platform's ({@code MESHFLOW_KAFKA_BOOTSTRAP_SERVERS}, or the embedded broker)
 * @param topic the topic's name
 * @param skipBadRecords {@code on_bad_record: skip}: a record that is not a JSON object is counted
 *     and left out; otherwise it fails the run, naming its partition and offset
 * @param seed a JSONL file the embedded broker's topic is filled from when the topic is created
 *     ({@code null}: none); a real cluster's topics are never written to
 * @param partitions the partitions the embedded broker creates the topic with
 */
public record KafkaTopic(
    String bootstrapServers, String topic, boolean skipBadRecords, Path seed, int partitions) {

  /** The same topic, read from {@code servers} when the declaration names none. */
  public KafkaTopic withDefaultServers(String servers) {
    return bootstrapServers != null
        ? this
        : new KafkaTopic(servers, topic, skipBadRecords, seed, partitions);
  }

  /**
   * {@code kafka://host:port}, OpenLineage's namespace of the topic (its first bootstrap server),
   * or {@code null} while the servers are not known.
   */
  public String lineageNamespace() {
    if (bootstrapServers == null) return null;
    return "kafka://" + bootstrapServers.split(",", -1)[0].strip();
  }
}
