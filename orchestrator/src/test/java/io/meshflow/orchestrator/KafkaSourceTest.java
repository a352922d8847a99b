package io.meshflow.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.model.Dataset;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.KafkaTopic;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SourceColumn;
import io.meshflow.contracts.model.SourceRoots;
import io.meshflow.contracts.model.SourceType;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.orchestrator.cli.CommandRunner;
import io.meshflow.orchestrator.cli.CommandRunner.Result;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.EmbeddedKafka;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.workers.activities.ExtractActivitiesImpl;
import io.meshflow.workers.sql.SourcePositions;
import io.meshflow.workers.sql.StagingTables;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.ExtractRequest;
import io.meshflow.workflows.activities.ExtractResult;
import io.meshflow.workflows.run.SourcePlan;
import io.meshflow.workflows.run.SourceRange;
import io.temporal.failure.ApplicationFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka topics as sources, against a real broker (the embedded KRaft one) and a real PostgreSQL:
 * what a run stages, that only a publish moves the offsets, and each way a read goes wrong; then
 * exactly once through the whole workflow (a failed check, a bad record, a fixed contract).
 */
class KafkaSourceTest {
  @TempDir static Path kafkaDir;
  static EmbeddedKafka kafka;
  static EmbeddedPostgres postgres;
  static Warehouse warehouse;

  static final ProductId PRODUCT = ProductId.parse("shop.clicks");
  static final List<SourceColumn> COLUMNS =
      List.of(
          new SourceColumn(SqlIdentifier.of("click_id"), FieldType.LONG),
          new SourceColumn(SqlIdentifier.of("page"), FieldType.STRING),
          new SourceColumn(SqlIdentifier.of("clicked_at"), FieldType.TIMESTAMP));

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(kafkaDir, 0);
    postgres = EmbeddedPostgres.start();
    warehouse = new Warehouse(postgres.getPostgresDatabase());
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
    kafka.close();
  }

  private static void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  /** Sends {@code values} to the partitions in turn, keyed k0, k1…, stamped 2026-01-01 + i s. */
  private static void send(String topic, int partitions, List<String> values) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < values.size(); i++) {
        producer.send(
            new ProducerRecord<>(
                topic, i % partitions, 1_767_225_600_000L + i * 1000L, "k" + i, values.get(i)));
      }
      producer.flush();
    }
  }

  private static SourcePlan plan(String topic, boolean skipBad, String servers) {
    return new SourcePlan(
        SourceType.KAFKA,
        null,
        ',',
        COLUMNS,
        new Dataset("raw", topic),
        null,
        new KafkaTopic(servers, topic, skipBad, null, 1));
  }

  private static ExtractResult extract(String runId, SourcePlan plan, Map<String, String> env) {
    return new ExtractActivitiesImpl(warehouse, SourceRoots.meshOnly(), env::get)
        .extract(new ExtractRequest(runId, PRODUCT, plan, null));
  }

  private static ExtractResult extract(String runId, SourcePlan plan) {
    return extract(runId, plan, Map.of());
  }

  private static String click(int id, String page) {
    return "{\"click_id\": "
        + id
        + ", \"page\": \""
        + page
        + "\", \"clicked_at\": \"2026-01-0"
        + (1 + id % 9)
        + "T10:00:00Z\"}";
  }

  private static List<String> staged(String runId) {
    String table = StagingTables.of(StagingTables.SHARED_SCHEMA, runId).qualifiedSource();
    return warehouse
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT concat_ws('|', click_id, page, _key, _value->>'page', _topic,"
                            + " _partition, _offset, to_char(_ingestion_ts AT TIME ZONE 'UTC',"
                            + " 'YYYY-MM-DD HH24:MI:SS')) FROM "
                            + table
                            + " ORDER BY _partition, _offset")
                    .mapTo(String.class)
                    .list());
  }

  @Test
  void aRunStagesTheRecordsFromTheCommittedOffsetsAndARetryStagesTheSameOnes() throws Exception {
    createTopic("clicks.a", 2);
    send("clicks.a", 2, List.of(click(1, "home"), click(2, "cart"), click(3, "pay")));
    SourcePlan plan = plan("clicks.a", false, kafka.bootstrapServers());

    ExtractResult first = extract("run-a", plan);
    List<String> rows = staged("run-a");
    assertThat(first.rows()).isEqualTo(3);
    assertThat(first.range().describe()).isEqualTo("0:[0,2) 1:[0,1)");
    assertThat(first.range().partitions())
        .extracting(SourceRange.Partition::committed)
        .containsOnlyNulls();
    assertThat(rows)
        .containsExactly(
            "1|home|k0|home|clicks.a|0|0|2026-01-01 00:00:00",
            "3|pay|k2|pay|clicks.a|0|1|2026-01-01 00:00:02",
            "2|cart|k1|cart|clicks.a|1|0|2026-01-01 00:00:01");

    // a retried extract (or one on another worker) reads the same range into the same table
    send("clicks.a", 2, List.of(click(4, "late")));
    ExtractResult retried = extract("run-a", plan);
    assertThat(retried.rows()).isEqualTo(4);
    assertThat(staged("run-a")).hasSize(4).containsAll(rows);

    // only a publish moves the offsets: until one does, the next run starts where this one did
    ExtractResult next = extract("run-b", plan);
    assertThat(next.range().describe()).isEqualTo("0:[0,3) 1:[0,1)");
    commit("run-b", next.range());
    send("clicks.a", 2, List.of(click(5, "again"), click(6, "more")));
    ExtractResult after = extract("run-c", plan);
    assertThat(after.range().describe()).isEqualTo("0:[3,4) 1:[1,2)");
    assertThat(after.range().partitions())
        .extracting(SourceRange.Partition::committed)
        .containsExactly(3L, 1L);
    assertThat(staged("run-c"))
        .containsExactly(
            "5|again|k0|again|clicks.a|0|3|2026-01-01 00:00:00",
            "6|more|k1|more|clicks.a|1|1|2026-01-01 00:00:01");

    // nothing new: an empty range, which the workflow publishes nothing for
    commit("run-c", after.range());
    ExtractResult idle = extract("run-d", plan);
    assertThat(idle.rows()).isZero();
    assertThat(idle.nothingNew()).isTrue();
    assertThat(idle.range().describe()).isEqualTo("0:[4,4) 1:[2,2)");
  }

  private static void commit(String runId, SourceRange offsets) {
    SourcePositions positions = new SourcePositions(StagingTables.SHARED_SCHEMA);
    warehouse.jdbi().useTransaction(h -> positions.commit(h, PRODUCT, runId, offsets));
  }

  @Test
  void aRunThatReadFromOffsetsAnotherRunHasSincePublishedPastIsRefused() throws Exception {
    createTopic("clicks.b", 1);
    send("clicks.b", 1, List.of(click(1, "a"), click(2, "b")));
    SourcePlan plan = plan("clicks.b", false, kafka.bootstrapServers());
    ExtractResult one = extract("run-b1", plan);
    ExtractResult two = extract("run-b2", plan);
    commit("run-b1", one.range());
    ApplicationFailure refused =
        catchThrowableOfType(ApplicationFailure.class, () -> commit("run-b2", two.range()));
    assertThat(refused.getType()).isEqualTo("SourceMoved");
    assertThat(refused.getOriginalMessage())
        .isEqualTo(
            "shop.clicks: another run published topic clicks.b partition 0 up to offset 2 after"
                + " this run read it from offset 0; nothing was published (run again to read on"
                + " from there)");
  }

  @Test
  void aRecordThatIsNoJsonObjectFailsTheRunNamingItOrIsSkippedWhenTheSourceSaysSo()
      throws Exception {
    createTopic("clicks.c", 1);
    send("clicks.c", 1, List.of(click(1, "a"), "not json", "[1, 2]", click(2, "b")));
    ApplicationFailure bad =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> extract("run-c1", plan("clicks.c", false, kafka.bootstrapServers())));
    assertThat(bad.getType()).isEqualTo("BadRecord");
    assertThat(bad.isNonRetryable()).isTrue();
    assertThat(bad.getOriginalMessage())
        .isEqualTo(
            "topic clicks.c partition 0 offset 1: the record's value is not valid JSON; nothing"
                + " was published and no offset moved (on_bad_record: skip leaves such records"
                + " out)");

    // valid JSON that is no object passes PostgreSQL's check and is caught after it
    createTopic("clicks.e", 1);
    send("clicks.e", 1, List.of(click(1, "a"), "[1, 2]", "42"));
    ApplicationFailure array =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> extract("run-c3", plan("clicks.e", false, kafka.bootstrapServers())));
    assertThat(array.getOriginalMessage())
        .startsWith(
            "topic clicks.e partition 0 offset 1: the record's value is not a JSON object;");

    ExtractResult skipping = extract("run-c2", plan("clicks.c", true, kafka.bootstrapServers()));
    assertThat(skipping.rows()).isEqualTo(2);
    assertThat(skipping.range().skipped()).isEqualTo(2);
    assertThat(skipping.range().describe()).isEqualTo("0:[0,4)");
    assertThat(staged("run-c2")).extracting(r -> r.split("\\|")[0]).containsExactly("1", "2");
  }

  @Test
  void anUnknownTopicFailsAtOnceAndAnUnreachableClusterIsRetriedNamingIt() {
    ApplicationFailure unknown =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> extract("run-d1", plan("no.such.topic", false, kafka.bootstrapServers())));
    assertThat(unknown.getType()).isEqualTo("SourceNotFound");
    assertThat(unknown.isNonRetryable()).isTrue();
    assertThat(unknown.getOriginalMessage())
        .isEqualTo(
            "topic no.such.topic of shop.clicks does not exist at " + kafka.bootstrapServers());

    ApplicationFailure unreachable =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                extract(
                    "run-d2",
                    plan("clicks.x", false, "localhost:1"),
                    Map.of("MESHFLOW_KAFKA_TIMEOUT_MS", "1500")));
    assertThat(unreachable.getType()).isEqualTo("SourceUnreachable");
    assertThat(unreachable.isNonRetryable()).isFalse();
    assertThat(unreachable.getOriginalMessage())
        .isEqualTo(
            "cannot reach Kafka at localhost:1 to read topic clicks.x of shop.clicks (no answer"
                + " within 1500 ms)");

    ApplicationFailure unset =
        catchThrowableOfType(
            ApplicationFailure.class, () -> extract("run-d3", plan("clicks.x", false, null)));
    assertThat(unset.getType()).isEqualTo("SourceNotConfigured");
  }

  // ---- through the whole workflow, on the embedded stack -------------------------------------

  @TempDir Path home;
  @TempDir Path mesh;

  private static final String CONTRACT =
      """
      apiVersion: datamesh.io/v1
      kind: DataProduct
      metadata: { name: web.clicks, domain: web, version: %s }
      spec:
        owner: web@example.com
        sla: { freshness: 1h, availability: 99%%, freshness_column: clicked_at }
        schema:
          fields:
            - { name: click_id, type: long, constraints: { primary_key: true, null: false } }
            - { name: page, type: string }
            - { name: clicked_at, type: timestamp }
        quality:
          checks:
            - { column: click_id, assertion: expect_column_values_to_not_be_null }
            - { column: page, assertion: expect_column_values_to_be_in_set, value_set: [home, cart, pay], severity: %s }
        transform:
          sql: models/clicks.sql
      """;

  private void writeMesh(String version, String severity) throws Exception {
    Path domain = Files.createDirectories(mesh.resolve("domains/web/models"));
    Files.writeString(
        mesh.resolve("domains/web/sources.yaml"),
        """
        apiVersion: datamesh.io/v1
        kind: Sources
        sources:
          - name: events
            type: kafka
            connection: { bootstrap_servers: "%s" }
            tables:
              - name: clicks
                topic: web.clicks
                columns:
                  - { name: click_id, type: long }
                  - { name: page, type: string }
                  - { name: clicked_at, type: timestamp }
        """
            .formatted(kafka.bootstrapServers()));
    Files.writeString(
        domain.resolve("clicks.sql"),
        "SELECT click_id, page, clicked_at FROM {{ source('events', 'clicks') }}\n");
    Files.writeString(
        mesh.resolve("domains/web/clicks.yaml"), CONTRACT.formatted(version, severity));
  }

  private Result run(String... args) {
    MeshflowProperties properties =
        new MeshflowProperties(
            home, mesh.resolve("domains"), Path.of("../governance"), null, null, null);
    return CommandRunner.run(properties, args);
  }

  @Test
  void aFailedCheckPublishesNothingAndTheNextGoodRunReadsTheSameEventsOnce() throws Exception {
    createTopic("web.clicks", 1);
    send("web.clicks", 1, List.of(click(1, "home"), click(2, "cart"), click(3, "login")));
    writeMesh("1.0.0", "error");

    Result failed = run("publish", "web.clicks");
    assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
    assertThat(failed.out()).containsPattern("web\\.clicks +FAILED +3 ");
    Result again = run("publish", "web.clicks");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.out()).contains("web.clicks: topic web.clicks: offsets 0:[0,3) (3 records)");

    // a new version of the contract (the check only warns now) publishes the same three events
    writeMesh("1.0.1", "warn");
    send("web.clicks", 1, List.of(click(4, "pay")));
    Result good = run("publish", "web.clicks");
    assertThat(good.exitCode()).as(good.out() + good.err()).isZero();
    assertThat(good.out())
        .contains("web.clicks: topic web.clicks: offsets 0:[0,4) (4 records)")
        .containsPattern("web\\.clicks +SUCCEEDED +4 +4 ");
    assertThat(published()).containsExactly("1 home", "2 cart", "3 login", "4 pay");
    // freshness facts: the newest record timestamp read, the newest clicked_at published
    var recorded = runs().get(0);
    assertThat(recorded.newestIngestionAt())
        .isEqualTo(java.time.Instant.parse("2026-01-01T00:00:02Z"));
    assertThat(recorded.newestEventAt()).isEqualTo(java.time.Instant.parse("2026-01-05T10:00:00Z"));

    Result idle = run("publish", "web.clicks");
    assertThat(idle.exitCode()).isZero();
    assertThat(idle.out()).contains("nothing new on topic web.clicks since the last publish");
    assertThat(published()).containsExactly("1 home", "2 cart", "3 login", "4 pay");
  }

  private void writeIncremental(String version, int maxRows) throws Exception {
    Path domain = Files.createDirectories(mesh.resolve("domains/shop/models"));
    Files.writeString(
        mesh.resolve("domains/shop/sources.yaml"),
        """
        apiVersion: datamesh.io/v1
        kind: Sources
        sources:
          - name: events
            type: kafka
            connection: { bootstrap_servers: "%s" }
            tables:
              - name: orders
                topic: shop.orders
                columns:
                  - { name: order_id, type: string }
                  - { name: status, type: string }
        """
            .formatted(kafka.bootstrapServers()));
    Files.writeString(
        domain.resolve("orders.sql"),
        """
        {{ config(materialized='incremental') }}
        SELECT order_id, status
        FROM {{ source('events', 'orders') }}
        QUALIFY ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY _offset DESC) = 1
        """);
    Files.writeString(
        mesh.resolve("domains/shop/orders.yaml"),
        """
        apiVersion: datamesh.io/v1
        kind: DataProduct
        metadata: { name: shop.orders, domain: shop, version: %s }
        spec:
          owner: shop@example.com
          sla: { freshness: 1h, availability: 99%% }
          schema:
            fields:
              - { name: order_id, type: string, constraints: { primary_key: true, "null": false } }
              - { name: status, type: string }
          quality:
            checks:
              - { column: order_id, assertion: expect_column_values_to_not_be_null }
              - { column: order_id, assertion: expect_column_values_to_be_unique }
              - { assertion: expect_table_row_count_to_be_between, min_value: 1, max_value: %d }
          transform:
            sql: models/orders.sql
        """
            .formatted(version, maxRows));
  }

  private static String order(String id, String status) {
    return "{\"order_id\": \"" + id + "\", \"status\": \"" + status + "\"}";
  }

  @Test
  void anIncrementalProductMergesEachRunsRowsByItsKeyAndChecksTheMergedTable() throws Exception {
    createTopic("shop.orders", 1);
    send(
        "shop.orders",
        1,
        List.of(order("A", "created"), order("B", "created"), order("C", "created")));
    writeIncremental("1.0.0", 4);
    Result first = run("publish", "shop.orders");
    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).containsPattern("shop\\.orders +SUCCEEDED +3 +3 +3 passed ");
    assertThat(orders()).containsExactly("A created", "B created", "C created");

    // an update of B and a new order D: merged by the key, the whole table checked (4 rows)
    send(
        "shop.orders",
        1,
        List.of(order("B", "paid"), order("D", "created"), order("B", "shipped")));
    Result second = run("publish", "shop.orders");
    assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
    assertThat(second.out())
        .contains("shop.orders: topic shop.orders: offsets 0:[3,6) (3 records)")
        .containsPattern("shop\\.orders +SUCCEEDED +3 +4 +3 passed ");
    assertThat(orders()).containsExactly("A created", "B shipped", "C created", "D created");

    // a fifth order would make the merged table break its row-count check: nothing is published
    // and the offsets stay, so the next version of the contract reads the same event again
    send("shop.orders", 1, List.of(order("E", "created")));
    Result refused = run("publish", "shop.orders");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.out())
        .containsPattern("shop\\.orders +FAILED ")
        .contains("expect_table_row_count_to_be_between");
    assertThat(orders()).containsExactly("A created", "B shipped", "C created", "D created");

    writeIncremental("1.1.0", 10);
    Result fixed = run("publish", "shop.orders");
    assertThat(fixed.exitCode()).as(fixed.out() + fixed.err()).isZero();
    assertThat(fixed.out()).contains("shop.orders: topic shop.orders: offsets 0:[6,7) (1 records)");
    assertThat(orders())
        .containsExactly("A created", "B shipped", "C created", "D created", "E created");

    // --full-refresh reads the topic from its start and rebuilds the table from it
    Result refresh = run("publish", "shop.orders", "--full-refresh");
    assertThat(refresh.exitCode()).as(refresh.out() + refresh.err()).isZero();
    assertThat(refresh.out())
        .contains("shop.orders: topic shop.orders: offsets 0:[0,7) (7 records)")
        .containsPattern("shop\\.orders +SUCCEEDED +7 +5 +3 passed ");
    assertThat(orders())
        .containsExactly("A created", "B shipped", "C created", "D created", "E created");
    assertThat(run("publish", "shop.orders").out())
        .contains("nothing new on topic shop.orders since the last publish (offsets 0:[7,7))");
  }

  private List<String> orders() {
    MeshflowProperties properties =
        new MeshflowProperties(
            home, mesh.resolve("domains"), Path.of("../governance"), null, null, null);
    try (MeshStack stack =
        new StackLauncher(properties).forCommand(new StackLauncher.Needs(false, Set.of()))) {
      return stack
          .warehouse()
          .jdbi()
          .withHandle(
              h ->
                  h.createQuery("SELECT order_id || ' ' || status FROM shop.orders ORDER BY 1")
                      .mapTo(String.class)
                      .list());
    }
  }

  private List<io.meshflow.orchestrator.catalog.RunRow> runs() {
    MeshflowProperties properties =
        new MeshflowProperties(
            home, mesh.resolve("domains"), Path.of("../governance"), null, null, null);
    try (MeshStack stack =
        new StackLauncher(properties).forCommand(new StackLauncher.Needs(false, Set.of()))) {
      return stack.catalog().runs().recent(10, "web.clicks");
    }
  }

  private List<String> published() {
    MeshflowProperties properties =
        new MeshflowProperties(
            home, mesh.resolve("domains"), Path.of("../governance"), null, null, null);
    try (MeshStack stack =
        new StackLauncher(properties).forCommand(new StackLauncher.Needs(false, Set.of()))) {
      return stack
          .warehouse()
          .jdbi()
          .withHandle(
              h ->
                  h.createQuery("SELECT click_id || ' ' || page FROM web.clicks ORDER BY click_id")
                      .mapTo(String.class)
                      .list());
    }
  }
}
