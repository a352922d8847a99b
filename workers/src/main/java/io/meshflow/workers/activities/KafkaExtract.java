package io.meshflow.workers.activities;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.meshflow.contracts.model.KafkaTopic;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SourceColumn;
import io.meshflow.contracts.model.SourceSpec;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workers.sql.ProductTableDdl;
import io.meshflow.workers.sql.SourcePositions;
import io.meshflow.workers.sql.StagingTables;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.ExtractResult;
import io.meshflow.workflows.run.SourcePlan;
import io.meshflow.workflows.run.SourceRange;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Reads a bounded batch of a Kafka topic into the run's staging table: per partition, from the
 * offset the product's last publish committed (or the earliest the topic holds) to the end offset
 * found when the extract starts. Records stream from the consumer into {@code COPY … FROM STDIN};
 * nothing is committed to Kafka, and nothing here moves the product's positions: the publish does,
 * in the transaction that publishes the data. A retried or replaced extract therefore reads the
 * same range again, into a staging table it rebuilds.
 *
 * <p>The staged table holds the declared columns, flattened from each value (a JSON object), and
 * {@code _key} (text), {@code _value} (jsonb), {@code _topic}, {@code _partition}, {@code _offset}
 * and {@code _ingestion_ts} (the record's timestamp).
 */
final class KafkaExtract {
  /** How long the cluster may stay silent before the extract counts it unreachable (retried). */
  static final String TIMEOUT_VARIABLE = "MESHFLOW_KAFKA_TIMEOUT_MS";

  private static final int FLUSH_BYTES = 1 << 20;
  private static final JsonFactory JSON = new JsonFactory();

  private final Warehouse warehouse;
  private final Duration timeout;

  KafkaExtract(Warehouse warehouse, Duration timeout) {
    this.warehouse = warehouse;
    this.timeout = timeout;
  }

  ExtractResult extract(String runId, ProductId product, SourcePlan source, boolean fullRefresh) {
    KafkaTopic topic = source.kafka();
    if (topic.bootstrapServers() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no Kafka cluster to read topic "
              + topic.topic()
              + " of "
              + product
              + " from: set MESHFLOW_KAFKA_BOOTSTRAP_SERVERS, or connection.bootstrap_servers in"
              + " the source declaration",
          "SourceNotConfigured");
    }
    StagingTables staging = warehouse.staging(runId);
    SourcePositions positions = new SourcePositions(staging.schema());
    warehouse.prepareStaging();
    warehouse.inTransaction(
        "creating the source positions of " + product,
        h -> {
          positions.ensure(h);
          return null;
        });
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(topic, product)) {
      List<TopicPartition> partitions = partitions(consumer, topic, product);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, timeout);
      Warehouse.Timed<Batch> timed =
          warehouse.timedTransaction(
              "extracting topic " + topic.topic() + " for " + product,
              h -> {
                Map<Integer, Long> committed = positions.offsets(h, product, topic.topic());
                List<SourceRange.Partition> ranges = new ArrayList<>();
                for (TopicPartition tp : partitions) {
                  Long done = committed.get(tp.partition());
                  long end = ends.get(tp);
                  if (done != null && done > end && !fullRefresh) {
                    throw ApplicationFailure.newNonRetryableFailure(
                        "topic "
                            + topic.topic()
                            + " partition "
                            + tp.partition()
                            + " ends at offset "
                            + end
                            + ", before offset "
                            + done
                            + " that "
                            + product
                            + " already published: was the topic recreated? (publish with"
                            + " --full-refresh to read it from its start)",
                        "SourceMoved");
                  }
                  // records the topic no longer holds (retention) cannot be read: start after them
                  // (a full refresh reads from the start of what the topic holds)
                  long from =
                      fullRefresh
                          ? beginnings.get(tp)
                          : Math.max(done == null ? 0 : done, beginnings.get(tp));
                  ranges.add(new SourceRange.Partition(tp.partition(), done, from, end));
                }
                return copy(h, consumer, topic, staging, source.columns(), ranges);
              });
      Batch batch = timed.value();
      return new ExtractResult(
          staging.qualifiedSource(),
          batch.rows(),
          timed.millis(),
          SourceRange.ofTopic(topic.topic(), batch.ranges(), batch.skipped()),
          batch.newest());
    } catch (TimeoutException e) {
      throw unreachable(topic, product);
    } catch (KafkaException e) {
      throw ApplicationFailure.newFailure(
          "reading topic "
              + topic.topic()
              + " at "
              + topic.bootstrapServers()
              + " for "
              + product
              + " failed: "
              + e.getMessage(),
          "SourceUnreachable");
    }
  }

  /**
   * @param newest the newest timestamp of the records staged, or null when none was
   */
  private record Batch(long rows, long skipped, List<SourceRange.Partition> ranges, Long newest) {}

  private KafkaConsumer<byte[], byte[]> consumer(KafkaTopic topic, ProductId product) {
    Properties p = new Properties();
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topic.bootstrapServers());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "meshflow-extract-" + product);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    // records of transactions that were aborted, or are still open, are never published
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(millis));
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(Math.min(millis, 30_000)));
    p.put(
        ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG,
        Integer.toString(Math.min(millis, 10_000)));
    p.put(
        ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG,
        Integer.toString(Math.min(millis, 30_000)));
    p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer, KafkaTopic topic, ProductId product) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic.topic(), timeout);
    if (infos == null || infos.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "topic "
              + topic.topic()
              + " of "
              + product
              + " does not exist at "
              + topic.bootstrapServers(),
          "SourceNotFound");
    }
    return infos.stream()
        .map(i -> new TopicPartition(i.topic(), i.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }

  /**
   * Streams the ranges into the staging table: the records as they are into a raw table, then
   * flattened into the declared columns. Values go to PostgreSQL unparsed, which checks them as it
   * stores them as {@code jsonb}; only when it refuses one (or the source skips bad records) are
   * the ranges read again with each value checked here, to name the record or leave it out.
   */
  private Batch copy(
      Handle h,
      KafkaConsumer<byte[], byte[]> consumer,
      KafkaTopic topic,
      StagingTables staging,
      List<SourceColumn> columns,
      List<SourceRange.Partition> ranges)
      throws SQLException {
    String raw = staging.qualified(staging.raw());
    h.execute("DROP TABLE IF EXISTS " + raw);
    h.execute("DROP TABLE IF EXISTS " + staging.qualifiedSource());
    h.execute(
        "CREATE UNLOGGED TABLE "
            + raw
            + " (\"_key\" text, \"_value\" jsonb, \"_partition\" integer, \"_offset\" bigint,"
            + " \"_ts\" bigint)");
    long[] counts = {0, 0, Long.MIN_VALUE};
    if (ranges.stream().anyMatch(r -> r.records() > 0)) {
      if (topic.skipBadRecords()) {
        counts = stream(h, consumer, topic, raw, ranges, true);
      } else {
        h.execute("SAVEPOINT mf_records");
        try {
          counts = stream(h, consumer, topic, raw, ranges, false);
          h.execute("RELEASE SAVEPOINT mf_records");
        } catch (SQLException refused) {
          // PostgreSQL refused a value: read the range again, checking each, to name the record
          h.execute("ROLLBACK TO SAVEPOINT mf_records");
          counts = stream(h, consumer, topic, raw, ranges, true);
        }
        // valid JSON that is no object (an array, a number) or no value at all (a tombstone)
        h.createQuery(
                "SELECT \"_partition\", \"_offset\", \"_value\" IS NULL FROM "
                    + raw
                    + " WHERE \"_value\" IS NULL OR jsonb_typeof(\"_value\") <> 'object'"
                    + " ORDER BY 1, 2 LIMIT 1")
            .map(
                (rs, ctx) ->
                    badRecord(
                        topic,
                        rs.getInt(1),
                        rs.getLong(2),
                        rs.getBoolean(3) ? "is empty (a tombstone)" : "is not a JSON object"))
            .findOne()
            .ifPresent(
                failure -> {
                  throw failure;
                });
      }
    }
    flatten(h, topic, staging, columns);
    return new Batch(counts[0], counts[1], ranges, counts[0] > 0 ? Long.valueOf(counts[2]) : null);
  }

  /**
   * One pass over the ranges into {@code COPY … FROM STDIN}; with {@code check}, each value is
   * checked first, and a bad one fails the run or, if the source says so, is skipped.
   *
   * @return the records copied, the records skipped, and the newest timestamp copied
   */
  private long[] stream(
      Handle h,
      KafkaConsumer<byte[], byte[]> consumer,
      KafkaTopic topic,
      String raw,
      List<SourceRange.Partition> ranges,
      boolean check)
      throws SQLException {
    Map<TopicPartition, Long> until = new HashMap<>();
    for (SourceRange.Partition r : ranges) {
      if (r.records() > 0) until.put(new TopicPartition(topic.topic(), r.partition()), r.to());
    }
    consumer.assign(until.keySet());
    // a second pass finds the partitions the first one paused at their ends
    consumer.resume(until.keySet());
    for (SourceRange.Partition r : ranges) {
      if (r.records() > 0) {
        consumer.seek(new TopicPartition(topic.topic(), r.partition()), r.from());
      }
    }
    long rows = 0;
    long skipped = 0;
    long newest = Long.MIN_VALUE;
    CopyIn copy =
        h.getConnection()
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY " + raw + " FROM STDIN");
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_BYTES + (64 << 10));
      Set<TopicPartition> open = new HashSet<>(until.keySet());
      long quietSince = System.nanoTime();
      while (!open.isEmpty()) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          if (System.nanoTime() - quietSince > timeout.toNanos()) {
            throw new TimeoutException("no records within the timeout");
          }
        } else {
          quietSince = System.nanoTime();
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          Long end = until.get(tp);
          if (end == null || record.offset() >= end) continue;
          String bad = check ? problem(record.value()) : null;
          if (bad != null) {
            if (!topic.skipBadRecords()) {
              throw badRecord(topic, record.partition(), record.offset(), bad);
            }
            skipped++;
            continue;
          }
          row(buffer, record);
          rows++;
          newest = Math.max(newest, record.timestamp());
          if (buffer.size() >= FLUSH_BYTES) {
            copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
            buffer.reset();
          }
        }
        for (TopicPartition tp : new ArrayList<>(open)) {
          if (consumer.position(tp) >= until.get(tp)) {
            open.remove(tp);
            consumer.pause(List.of(tp));
          }
        }
      }
      if (buffer.size() > 0) copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
      copy.endCopy();
    } finally {
      if (copy.isActive()) copy.cancelCopy();
    }
    return new long[] {rows, skipped, newest};
  }

  private static ApplicationFailure badRecord(
      KafkaTopic topic, int partition, long offset, String problem) {
    return ApplicationFailure.newNonRetryableFailure(
        "topic "
            + topic.topic()
            + " partition "
            + partition
            + " offset "
            + offset
            + ": the record's value "
            + problem
            + "; nothing was published and no offset moved (on_bad_record: skip leaves such"
            + " records out)",
        "BadRecord");
  }

  /** The staging table: declared columns from each value, then the record's own columns. */
  private static void flatten(
      Handle h, KafkaTopic topic, StagingTables staging, List<SourceColumn> columns) {
    String raw = staging.qualified(staging.raw());
    String declared =
        columns.stream()
            .map(c -> "r." + c.quotedSourceName() + " AS " + c.name().quoted() + ", ")
            .collect(Collectors.joining());
    String record =
        columns.stream()
            .map(c -> c.quotedSourceName() + " " + ProductTableDdl.sqlType(c.type()))
            .collect(Collectors.joining(", "));
    h.execute(
        "CREATE UNLOGGED TABLE "
            + staging.qualifiedSource()
            + " AS SELECT "
            + declared
            + "d.\"_key\", d.\"_value\", "
            // a topic's name is letters, digits and . _ - (the declaration checks it)
            + "text '"
            + topic.topic()
            + "' AS \"_topic\", d.\"_partition\", d.\"_offset\", to_timestamp(d.\"_ts\" / 1000.0) AS "
            + SqlIdentifier.of(SourceSpec.INGESTION_TS).quoted()
            + " FROM "
            + raw
            + " AS d"
            + (columns.isEmpty()
                ? ""
                : " CROSS JOIN LATERAL jsonb_to_record(d.\"_value\") AS r(" + record + ")"));
    h.execute("DROP TABLE " + raw);
  }

  /** Why a value is no JSON object PostgreSQL can hold, or null when it is one. */
  static String problem(byte[] value) {
    if (value == null) return "is empty (a tombstone)";
    try (JsonParser parser = JSON.createParser(value)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) return "is not a JSON object";
      parser.skipChildren();
      if (parser.nextToken() != null) return "has text after its JSON object";
    } catch (IOException e) {
      return "is not valid JSON";
    }
    // jsonb holds no NUL character; PostgreSQL would refuse the whole batch for it
    if (new String(value, StandardCharsets.UTF_8).contains("\\u0000")) {
      return "holds \\u0000, which PostgreSQL's jsonb cannot store";
    }
    return null;
  }

  /** One record as a line of {@code COPY}'s text format. */
  private static void row(ByteArrayOutputStream out, ConsumerRecord<byte[], byte[]> record) {
    byte[] key = record.key();
    if (key == null) {
      out.write('\\');
      out.write('N');
    } else {
      // a key is text to models; bytes that are no UTF-8 become U+FFFD, NUL is dropped
      escaped(
          out,
          new String(key, StandardCharsets.UTF_8)
              .replace("\0", "")
              .getBytes(StandardCharsets.UTF_8));
    }
    out.write('\t');
    if (record.value() == null) {
      out.write('\\');
      out.write('N');
    } else {
      escaped(out, record.value());
    }
    out.write('\t');
    ascii(out, Integer.toString(record.partition()));
    out.write('\t');
    ascii(out, Long.toString(record.offset()));
    out.write('\t');
    ascii(out, Long.toString(record.timestamp()));
    out.write('\n');
  }

  /** UTF-8 bytes with {@code COPY}'s text-format escapes (its special bytes are all ASCII). */
  private static void escaped(ByteArrayOutputStream out, byte[] bytes) {
    int run = 0;
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      char escape =
          switch (b) {
            case '\\' -> '\\';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            default -> 0;
          };
      if (escape != 0) {
        out.write(bytes, run, i - run);
        out.write('\\');
        out.write(escape);
        run = i + 1;
      }
    }
    out.write(bytes, run, bytes.length - run);
  }

  private static void ascii(ByteArrayOutputStream out, String text) {
    for (int i = 0; i < text.length(); i++) out.write(text.charAt(i));
  }

  private ApplicationFailure unreachable(KafkaTopic topic, ProductId product) {
    String timeoutText =
        timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    return ApplicationFailure.newFailure(
        "cannot reach Kafka at "
            + topic.bootstrapServers()
            + " to read topic "
            + topic.topic()
            + " of "
            + product
            + " (no answer within "
            + timeoutText
            + ")",
        "SourceUnreachable");
  }
}
