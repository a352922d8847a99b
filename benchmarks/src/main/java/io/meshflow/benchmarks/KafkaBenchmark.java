package io.meshflow.benchmarks;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.KafkaTopic;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.stack.KafkaTopics;
import io.meshflow.orchestrator.stack.MeshStack;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * N click events on a Kafka topic of the embedded broker, published through the whole workflow
 * (extract from the committed offsets, transform, checks, publish with the offsets) against the
 * same work by hand in the same run: a bare {@code KafkaConsumer} loop copying the records into a
 * table of the same kind with {@code COPY}, flattened the same way, the model's {@code INSERT …
 * SELECT} and a rename.
 */
public final class KafkaBenchmark {
  static final String TOPIC = "bench.clicks";

  /** What one run measured: the comparison, and how long producing the events took. */
  public record Result(SourceComparison.Result comparison, long produceMillis) {}

  static final String SOURCES =
      """
      apiVersion: datamesh.io/v1
      kind: Sources
      sources:
        - name: events
          type: kafka
          tables:
            - name: clicks
              topic: bench.clicks
              partitions: 4
              columns:
                - { name: click_id, type: long }
                - { name: user_id, type: string }
                - { name: page, type: string }
                - { name: amount, type: decimal }
                - { name: clicked_at, type: timestamp }
      """;

  static final String MODEL =
      """
      SELECT click_id, user_id, page, amount, clicked_at, _ingestion_ts AS received_at
      FROM {{ source('events', 'clicks') }}
      """;

  static final String CONTRACT =
      """
      apiVersion: datamesh.io/v1
      kind: DataProduct
      metadata: { name: bench.clicks, domain: bench, version: 1.0.0, description: Benchmark clicks from Kafka. }
      spec:
        owner: platform-team@example.com
        sla: { freshness: 1h, availability: 99% }
        transform: { sql: models/clicks.sql }
        schema:
          fields:
            - { name: click_id, type: long, constraints: { primary_key: true } }
            - { name: user_id, type: string }
            - { name: page, type: string }
            - { name: amount, type: decimal }
            - { name: clicked_at, type: timestamp }
            - { name: received_at, type: timestamp }
        quality:
          checks:
            - { column: click_id, assertion: expect_column_values_to_not_be_null }
            - { column: page, assertion: expect_column_values_to_be_in_set, value_set: [home, search, product, cart, pay] }
            - { column: amount, assertion: expect_column_values_to_be_between, min_value: 0, max_value: 1000 }
            - { assertion: expect_table_row_count_to_be_between, min_value: 1 }
      """;

  /** The bench mesh's topic, for the stack to create on its embedded broker. */
  static KafkaTopic topic() {
    return new KafkaTopic(null, TOPIC, false, null, 4);
  }

  private final MeshStack stack;
  private final Path home;

  public KafkaBenchmark(MeshStack stack, Path home) {
    this.stack = stack;
    this.home = home;
  }

  public Result run(long events, int passes) throws Exception {
    Mesh mesh = writeMesh();
    DataProductContract clicks = mesh.product(ProductId.parse("bench.clicks")).orElseThrow();
    String servers = stack.services().kafkaServers();
    long produce = produce(servers, events);
    SourceComparison comparison = new SourceComparison(stack);
    SourceComparison.Result r =
        comparison.run(
            stack.services().publishing(mesh, GovernancePolicies.none()),
            clicks,
            events,
            passes,
            () -> bare(comparison, servers, clicks),
            // each run reads the topic from its start again
            () ->
                stack
                    .warehouse()
                    .jdbi()
                    .useHandle(
                        h ->
                            h.execute(
                                "DROP TABLE IF EXISTS meshflow_staging_bench.source_positions")));
    return new Result(r, produce);
  }

  private Mesh writeMesh() throws Exception {
    Path root = home.resolve("bench-kafka-mesh");
    Path domain = Files.createDirectories(root.resolve("bench/models"));
    Files.writeString(root.resolve("bench/sources.yaml"), SOURCES);
    Files.writeString(domain.resolve("clicks.sql"), MODEL);
    Files.writeString(root.resolve("bench/clicks.yaml"), CONTRACT);
    return new MeshLoader().load(root);
  }

  /** Recreates the topic and fills it with {@code events} generated clicks; returns the time. */
  private static long produce(String servers, long events) throws Exception {
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", servers))) {
      if (admin.listTopics().names().get().contains(TOPIC)) {
        admin.deleteTopics(List.of(TOPIC)).all().get();
        // deletion completes in the background: wait until the name is free
        while (admin.listTopics().names().get().contains(TOPIC)) Thread.sleep(100);
      }
    }
    new KafkaTopics(servers).ensure(List.of(topic()));
    Properties p = new Properties();
    p.put("bootstrap.servers", servers);
    p.put("linger.ms", "20");
    p.put("batch.size", Integer.toString(256 << 10));
    p.put("compression.type", "lz4");
    p.put("acks", "1");
    String[] pages = {"home", "search", "product", "cart", "pay"};
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < events; i++) {
        String value =
            String.format(
                Locale.ROOT,
                "{\"click_id\": %d, \"user_id\": \"user-%d\", \"page\": \"%s\", \"amount\": %d.%02d,"
                    + " \"clicked_at\": \"2026-03-%02dT%02d:%02d:%02dZ\"}",
                i,
                i % 50_000,
                pages[(int) (i % pages.length)],
                i % 500,
                i % 100,
                1 + i % 28,
                i % 24,
                i % 60,
                (i / 60) % 60);
        producer.send(
            new ProducerRecord<>(
                TOPIC,
                Long.toString(i % 50_000).getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /**
   * The same work by hand: a consumer loop from the start to the end offsets copying each record
   * into a table with {@code COPY}, the values flattened into the same typed columns, the model's
   * {@code INSERT … SELECT} into the product's typed table, and a rename.
   */
  private Map<String, Long> bare(SourceComparison comparison, String servers, DataProductContract c)
      throws Exception {
    Map<String, Long> steps = new LinkedHashMap<>();
    String raw = "\"bench_bare\".\"kafka_raw\"";
    String src = "\"bench_bare\".\"kafka_src\"";
    var jdbi = stack.warehouse().jdbi();
    jdbi.useHandle(
        h -> {
          h.execute("CREATE SCHEMA IF NOT EXISTS bench_bare");
          h.execute("DROP TABLE IF EXISTS " + raw + ", " + src);
        });
    long start = System.nanoTime();
    jdbi.useTransaction(
        h -> {
          h.execute(
              "CREATE UNLOGGED TABLE "
                  + raw
                  + " (_key text, _value jsonb, _partition integer, _offset bigint, _ts bigint)");
          CopyIn copy =
              h.getConnection()
                  .unwrap(PGConnection.class)
                  .getCopyAPI()
                  .copyIn("COPY " + raw + " FROM STDIN");
          Properties p = new Properties();
          p.put("bootstrap.servers", servers);
          p.put("enable.auto.commit", "false");
          p.put("max.poll.records", "10000");
          try (KafkaConsumer<byte[], byte[]> consumer =
              new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo i : consumer.partitionsFor(TOPIC)) {
              parts.add(new TopicPartition(TOPIC, i.partition()));
            }
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(parts));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 21);
            while (!end.isEmpty()) {
              for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                buffer.write(r.key());
                buffer.write('\t');
                buffer.write(r.value());
                buffer.writeBytes(
                    ("\t" + r.partition() + "\t" + r.offset() + "\t" + r.timestamp() + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
                if (buffer.size() >= 1 << 20) {
                  copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                  buffer.reset();
                }
              }
              end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
            if (buffer.size() > 0) copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
            copy.endCopy();
          }
          h.execute(
              "CREATE UNLOGGED TABLE "
                  + src
                  + " AS SELECT r.*, d._key, d._value, d._partition, d._offset,"
                  + " to_timestamp(d._ts / 1000.0) AS _ingestion_ts FROM "
                  + raw
                  + " AS d CROSS JOIN LATERAL jsonb_to_record(d._value) AS r(click_id bigint,"
                  + " user_id text, page text, amount numeric, clicked_at timestamp)");
          h.execute("DROP TABLE " + raw);
        });
    steps.put("consume+copy", (System.nanoTime() - start) / 1_000_000);
    comparison.modelAndRename(c, src, "clicks", steps);
    return steps;
  }
}
