package io.meshflow.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.catalog.ContractRegistry;
import io.meshflow.orchestrator.catalog.RegistrationRefusedException;
import io.meshflow.orchestrator.catalog.RunDetail;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.publish.MeshPublisher;
import io.meshflow.orchestrator.publish.MeshPublisher.Outcome;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.publish.RunHandle;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.orchestrator.stack.StackMode;
import io.meshflow.workflows.run.PublishResult;
import io.meshflow.workflows.run.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example mesh published through the real Temporal test server and a real PostgreSQL, as {@code
 * ./meshflow publish --all} does it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
  @TempDir static Path home;
  @TempDir static Path scratch;
  static MeshStack stack;
  static final io.meshflow.contracts.governance.GovernancePolicies POLICIES =
      new io.meshflow.contracts.governance.GovernanceLoader().load(Path.of("../governance"));
  static Mesh mesh;

  /**
   * A Marquez-like endpoint that is down when the runs happen (nothing listens on the port yet).
   */
  static int lineagePort;

  static Path LINEAGE_CONFIG;

  @BeforeAll
  static void start() throws Exception {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      lineagePort = socket.getLocalPort();
    }
    LINEAGE_CONFIG = scratch.resolve("openlineage.yml");
    Files.writeString(
        LINEAGE_CONFIG,
        """
        transport:
          type: composite
          transports:
            - { type: file, location: %s }
            - { type: http, url: "http://localhost:%d", endpoint: api/v1/lineage }
        """
            .formatted(scratch.resolve("lineage.jsonl"), lineagePort));
    mesh = new MeshLoader().load(Path.of("../domains"));
    MeshflowProperties properties =
        new MeshflowProperties(
            home, Path.of("../domains"), Path.of("../governance"), LINEAGE_CONFIG, null, null);
    stack = new StackLauncher(properties).forCommand(StackLauncher.Needs.toRun(mesh));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  static List<Outcome> publish(Mesh mesh, String... products) throws InterruptedException {
    List<ProductId> selection =
        products.length == 0
            ? mesh.products().stream().map(DataProductContract::id).toList()
            : java.util.Arrays.stream(products).map(ProductId::parse).toList();
    return new MeshPublisher(stack.services().publishing(mesh, POLICIES))
        .publish(mesh, selection, "test", new MeshPublisher.Listener() {});
  }

  /** Waits for the runs {@code upstream} triggered to end; returns {@code upstream}. */
  static PublishResult awaitTriggered(PublishResult upstream) {
    for (var t : upstream.triggered()) {
      stack
          .client()
          .newUntypedWorkflowStub(
              t.workflowId(), java.util.Optional.ofNullable(t.runId()), java.util.Optional.empty())
          .getResult(PublishResult.class);
    }
    return upstream;
  }

  /** The runs of the first test, which published the example mesh: four, oldest first. */
  static List<String> firstMeshRuns() {
    return stack
        .warehouse()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT run_id FROM meshflow.runs WHERE trigger = 'test' ORDER BY started_at LIMIT 4")
                    .mapTo(String.class)
                    .list());
  }

  static long count(String sql) {
    return stack.warehouse().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  static String fingerprint(String table) {
    return stack
        .warehouse()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM "
                            + table
                            + " t")
                    .mapTo(String.class)
                    .one());
  }

  @Test
  @Order(1)
  void publishingTheExampleMeshGivesTheExpectedTablesAndCatalog() throws Exception {
    assertThat(stack.mode()).isEqualTo(StackMode.EMBEDDED);
    List<Outcome> outcomes = publish(mesh);
    assertThat(outcomes)
        .extracting(o -> o.product().toString() + " " + o.succeeded())
        .containsExactly(
            "inventory.products true",
            "inventory.stock_levels true",
            "orders.order_events true",
            "billing.daily_revenue true");

    assertThat(count("SELECT count(*) FROM orders.order_events")).isEqualTo(1200);
    assertThat(count("SELECT count(DISTINCT order_id) FROM orders.order_events")).isEqualTo(1200);
    assertThat(
            count("SELECT count(*) FROM orders.order_events WHERE customer_id !~ '^[0-9a-f]{64}$'"))
        .isZero();
    assertThat(count("SELECT count(*) FROM billing.daily_revenue")).isEqualTo(86);
    assertThat(count("SELECT sum(orders) FROM billing.daily_revenue"))
        .isEqualTo(
            count(
                "SELECT count(*) FROM orders.order_events WHERE status IN ('paid', 'shipped', 'delivered')"));
    assertThat(count("SELECT count(*) FROM inventory.stock_levels")).isEqualTo(950);

    assertThat(count("SELECT count(*) FROM meshflow.products WHERE published_version = '1.0.0'"))
        .isEqualTo(4);
    assertThat(count("SELECT count(*) FROM meshflow.contract_versions")).isEqualTo(4);
    assertThat(
            count(
                "SELECT count(*) FROM meshflow.runs WHERE status = 'SUCCEEDED' AND trigger = 'test'"))
        .isEqualTo(4);
    assertThat(count("SELECT count(*) FROM meshflow.run_steps")).isEqualTo(20);
    assertThat(count("SELECT count(*) FROM meshflow.check_results")).isEqualTo(36);
    // a failing warn check is recorded, and its product published all the same
    assertThat(count("SELECT count(*) FROM meshflow.check_results WHERE NOT success")).isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM meshflow.check_results WHERE NOT success AND check_name = 'orders_are_recent'"
                    + " AND severity = 'warn' AND run_id = (SELECT published_run_id FROM meshflow.products"
                    + " WHERE product_id = 'orders.order_events')"))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = 'meshflow_staging'"))
        .isZero();

    // inventory.products read the shop database the embedded stack made from its seed
    assertThat(count("SELECT count(*) FROM inventory.products")).isEqualTo(60);
    assertThat(stack.catalog().runs().find(outcomes.get(0).runId()).orElseThrow().run().rowsIn())
        .isEqualTo(60);

    String runId = outcomes.get(2).runId();
    RunDetail run = stack.catalog().runs().find(runId.substring(0, 8)).orElseThrow();
    assertThat(run.run().rowsIn()).isEqualTo(3090);
    assertThat(run.run().rowsOut()).isEqualTo(1200);
    assertThat(run.run().workflowId()).isEqualTo("publish/orders.order_events/latest");
    assertThat(run.run().publishedTable()).isEqualTo("\"orders\".\"order_events\"");
    assertThat(run.steps())
        .extracting(s -> s.step() + "=" + s.state() + ":" + s.rowCount())
        .containsExactly(
            "extract=SUCCEEDED:3090",
            "transform=SUCCEEDED:1200",
            "validate=SUCCEEDED:1200",
            "publish=SUCCEEDED:1200",
            "catalog-update=SUCCEEDED:null");
    assertThat(
            stack
                .catalog()
                .runs()
                .find(outcomes.get(3).runId())
                .orElseThrow()
                .steps()
                .get(0)
                .state())
        .isEqualTo("SKIPPED");
  }

  @Test
  @Order(2)
  void everyRunRecordsOpenLineageEventsThatValidateAgainstTheSpec() throws Exception {
    OpenLineageSpec spec = new OpenLineageSpec();
    var lineage = stack.services().lineageEvents();
    List<String> runs = firstMeshRuns();
    assertThat(runs).hasSize(4);
    for (String run : runs) {
      List<String> events = lineage.events(run);
      assertThat(events).hasSize(2);
      var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      assertThat(events)
          .extracting(e -> mapper.readTree(e).get("eventType").asText())
          .containsExactly("START", "COMPLETE");
      for (String event : events) {
        assertThat(spec.violations(event)).as(event).isEmpty();
      }
    }
    var complete =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(lineage.events(runs.get(3)).get(1));
    assertThat(complete.get("job").get("namespace").asText()).isEqualTo("meshflow");
    assertThat(complete.get("job").get("name").asText()).isEqualTo("billing.daily_revenue");
    assertThat(complete.get("inputs").get(0).get("name").asText())
        .isEqualTo("postgres.orders.order_events");
    assertThat(complete.get("inputs").get(0).get("namespace").asText())
        .startsWith("postgres://localhost:");
    assertThat(complete.get("outputs").get(0).get("name").asText())
        .isEqualTo("postgres.billing.daily_revenue");
    assertThat(complete.get("outputs").get(0).get("facets").get("schema").get("fields")).hasSize(4);
    assertThat(
            complete
                .get("outputs")
                .get(0)
                .get("facets")
                .get("dataQualityAssertions")
                .get("assertions"))
        .hasSize(9);
    assertThat(
            complete
                .get("outputs")
                .get(0)
                .get("outputFacets")
                .get("outputStatistics")
                .get("rowCount")
                .asLong())
        .isEqualTo(86);
    assertThat(complete.at("/job/facets/ownership/owners/0/name").asText())
        .isEqualTo("team-billing@example.com");
    assertThat(complete.at("/job/facets/documentation/description").asText())
        .startsWith("Revenue per day");
    assertThat(complete.at("/inputs/0/facets/schema/fields")).hasSize(8);
    var ordersComplete =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(lineage.events(runs.get(2)).get(1));
    assertThat(ordersComplete.at("/inputs/0/namespace").asText()).isEqualTo("file");
    assertThat(ordersComplete.at("/inputs/0/inputFacets/dataQualityMetrics/rowCount").asLong())
        .isEqualTo(3090);
    assertThat(
            complete
                .at("/outputs/0/facets/columnLineage/fields/currency/inputFields/0/name")
                .asText())
        .isEqualTo("postgres.orders.order_events");
    assertThat(
            count(
                "SELECT count(*) FROM meshflow.column_lineage WHERE dataset_name = 'postgres.inventory.stock_levels'"
                    + " AND input_dataset_namespace = 'file'"))
        .as("sku, warehouse, quantity, reorder_point, needs_reorder (from 2), counted_at")
        .isEqualTo(7);
    assertThat(
            count(
                "SELECT count(*) FROM meshflow.lineage_edges WHERE job_name IN ('inventory.stock_levels',"
                    + " 'orders.order_events', 'billing.daily_revenue')"))
        .isEqualTo(6);
    // the validation itself can fail: an event without its producer, a facet of the wrong shape
    // a database on the mesh's own server is named by that server's address, as products are
    var shopComplete =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(lineage.events(runs.get(0)).get(1));
    assertThat(shopComplete.at("/inputs/0/namespace").asText())
        .isEqualTo(complete.at("/outputs/0/namespace").asText())
        .startsWith("postgres://localhost:");
    assertThat(shopComplete.at("/inputs/0/name").asText()).isEqualTo("shop.public.products");
    String event = lineage.events(runs.get(3)).get(1);
    assertThat(event).contains("\"producer\"", "\"rowCount\": 86");
    assertThat(spec.violations(event.replace("\"producer\"", "\"producr\""))).isNotEmpty();
    assertThat(spec.violations(event.replace("\"rowCount\": 86", "\"rowCount\": \"many\"")))
        .isNotEmpty();
  }

  @Test
  @Order(2)
  void aLineageBackendThatIsDownFailsNoRunAndGetsItsEventsWhenItIsBack() throws Exception {
    List<String> runs = firstMeshRuns();
    // the four runs published while nothing listened: their events wait, the file got them all
    assertThat(
            count(
                "SELECT count(*) FROM meshflow.runs WHERE run_id IN ('"
                    + String.join("','", runs)
                    + "')"
                    + " AND status = 'SUCCEEDED'"))
        .isEqualTo(4);
    assertThat(
            count(
                "SELECT count(*) FROM meshflow.lineage_deliveries WHERE transport LIKE 'http:%' AND delivered_at IS NULL"
                    + " AND attempts >= 1"))
        .isPositive();
    assertThat(Files.readAllLines(scratch.resolve("lineage.jsonl"))).hasSizeGreaterThanOrEqualTo(8);

    List<String> received = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    var server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress("localhost", lineagePort), 0);
    server.createContext(
        "/api/v1/lineage",
        exchange -> {
          received.add(
              new String(
                  exchange.getRequestBody().readAllBytes(),
                  java.nio.charset.StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(201, -1);
          exchange.close();
        });
    server.start();
    try {
      var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      List<String> expected = new java.util.ArrayList<>();
      for (String run : runs) {
        expected.add(run + " START");
        expected.add(run + " COMPLETE");
      }
      List<String> got = new java.util.ArrayList<>();
      for (int i = 0; i < 900 && !got.containsAll(expected); i++) {
        Thread.sleep(100);
        got.clear();
        for (String e : List.copyOf(received)) {
          got.add(
              mapper.readTree(e).at("/run/runId").asText()
                  + " "
                  + mapper.readTree(e).get("eventType").asText());
        }
      }
      assertThat(got).containsAll(expected);
      assertThat(got).doesNotHaveDuplicates();
    } finally {
      server.stop(0);
    }
  }

  @Test
  @Order(2)
  void searchFindsProductsByNameDescriptionOwnerAndFields() {
    var search = stack.catalog().search();
    assertThat(search.search("revenue"))
        .extracting(h -> h.productId() + " " + h.matchedIn())
        .containsExactly("billing.daily_revenue [name]");
    assertThat(search.search("warehouse REORDER"))
        .extracting(h -> h.productId() + " " + h.matchedIn())
        .containsExactly("inventory.stock_levels [description]");
    assertThat(search.search("team-orders"))
        .extracting(h -> h.productId())
        .containsExactly("orders.order_events");
    assertThat(search.search("event_count"))
        .extracting(h -> h.productId() + " " + h.matchedIn())
        .containsExactly("orders.order_events [fields]");
    assertThat(search.search("currency"))
        .extracting(h -> h.productId())
        .containsExactly("billing.daily_revenue", "orders.order_events");
    assertThat(search.search("nothing-like-this")).isEmpty();
  }

  @Test
  @Order(2)
  void lineageWalksUpAndDownToTheAskedDepthAndTakesInOtherProducersEvents() throws Exception {
    var naming = new io.meshflow.orchestrator.lineage.DatasetNaming(stack.jdbcUrl());
    var graph = stack.services().lineage();
    ProductId billing = ProductId.parse("billing.daily_revenue");
    var up1 = graph.upstream(billing, 1);
    assertThat(up1.children())
        .extracting(n -> n.product() + " via " + n.via())
        .containsExactly("orders.order_events via meshflow/billing.daily_revenue");
    assertThat(up1.children().get(0).children()).isEmpty();
    var up2 = graph.upstream(billing, 2);
    assertThat(up2.children().get(0).children())
        .extracting(n -> n.namespace() + " " + n.name().endsWith("order_events.csv"))
        .containsExactly("file true");

    // a Spark job elsewhere reads the orders product and writes a lake table
    String spark =
        """
        {"eventType": "COMPLETE", "eventTime": "2026-11-25T10:00:00Z", "producer": "https://github.com/OpenLineage/OpenLineage/tree/1.39.0/integration/spark",
         "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
         "run": {"runId": "0195f0a5-8ec3-7a5b-9d3e-4c9a8f5b2a11"},
         "job": {"namespace": "spark://analytics", "name": "enrich_orders"},
         "inputs": [{"namespace": "%s", "name": "%s"}],
         "outputs": [{"namespace": "s3://lake", "name": "orders_enriched",
           "facets": {"columnLineage": {"_producer": "https://example.com", "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
             "fields": {"region": {"inputFields": [{"namespace": "%s", "name": "%s", "field": "currency"}]}}}}}]}
        """
            .formatted(
                naming.namespace(),
                naming.name(ProductId.parse("orders.order_events")),
                naming.namespace(),
                naming.name(ProductId.parse("orders.order_events")));
    var store = stack.services().lineageEvents();
    store.record(new com.fasterxml.jackson.databind.ObjectMapper().readTree(spark));
    store.record(
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(spark)); // posted twice, kept once
    assertThat(
            count(
                "SELECT count(*) FROM meshflow.lineage_events WHERE job_name = 'spark://analytics/enrich_orders'"))
        .isEqualTo(1);

    var down = graph.downstream(ProductId.parse("orders.order_events"), 3);
    assertThat(down.children())
        .extracting(
            n ->
                (n.product() != null ? n.product() : n.namespace() + "/" + n.name())
                    + " via "
                    + n.via())
        .containsExactly(
            "billing.daily_revenue via meshflow/billing.daily_revenue",
            "s3://lake/orders_enriched via spark://analytics/enrich_orders");

    var currency = graph.impact(ProductId.parse("orders.order_events"), "currency");
    assertThat(currency.affected())
        .extracting(
            a -> (a.product() != null ? a.product() : a.name()) + " " + a.columns() + " " + a.how())
        .containsExactly(
            "billing.daily_revenue [currency] column lineage",
            "orders_enriched [region] column lineage");
    assertThat(currency.consumers())
        .containsExactly("meshflow/billing.daily_revenue", "spark://analytics/enrich_orders");
    var currencyUp = graph.columns(billing, "currency", true, 3);
    assertThat(currencyUp.children())
        .extracting(c -> c.product() + "." + c.column())
        .containsExactly("orders.order_events.currency");
    var currencyDown = graph.columns(ProductId.parse("orders.order_events"), "currency", false, 3);
    assertThat(currencyDown.children())
        .extracting(c -> (c.product() != null ? c.product() : c.name()) + "." + c.column())
        .containsExactly("billing.daily_revenue.currency", "orders_enriched.region");
    var status = graph.impact(ProductId.parse("orders.order_events"), "status");
    assertThat(status.affected())
        .extracting(
            a -> (a.product() != null ? a.product() : a.name()) + " " + a.columns() + " " + a.how())
        .containsExactly("billing.daily_revenue [] reads it", "orders_enriched [] reads it");

    var bad =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(spark.replace("\"name\": \"enrich_orders\"", "\"nam\": \"x\""));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.record(bad))
        .hasMessage("the event has no job.name");
  }

  @Test
  @Order(2)
  void failingCheckLeavesThePreviouslyPublishedVersionByteForByteUnchanged() throws Exception {
    Path root = scratch.resolve("failing");
    copy(Path.of("../examples/failing"), root);
    Path data = root.resolve("inventory/data/stock_adjustments.csv");
    String bad = Files.readString(data);
    Files.writeString(data, bad.replace(",-5000,", ",-50,"));
    Mesh failing = new MeshLoader().load(root);
    assertThat(publish(failing)).singleElement().satisfies(o -> assertThat(o.succeeded()).isTrue());
    String before = fingerprint("inventory.stock_adjustments");
    assertThat(count("SELECT count(*) FROM inventory.stock_adjustments")).isEqualTo(300);

    Files.writeString(data, bad);
    Outcome outcome = publish(new MeshLoader().load(root)).get(0);
    assertThat(outcome.succeeded()).isFalse();
    assertThat(fingerprint("inventory.stock_adjustments")).isEqualTo(before);
    assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = 'meshflow_staging'"))
        .isZero();

    RunDetail run = stack.catalog().runs().find(outcome.runId()).orElseThrow();
    assertThat(run.run().status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.run().error())
        .isEqualTo(
            "1 quality check failed:\n  - expect_column_values_to_be_between(quantity_delta) [error]: 3 of 300"
                + " values are outside [-100, 100] (1%); expected all values within [-100, 100]");
    assertThat(run.steps())
        .extracting(s -> s.step() + "=" + s.state())
        .containsExactly(
            "extract=SUCCEEDED",
            "transform=SUCCEEDED",
            "validate=FAILED",
            "publish=SKIPPED",
            "catalog-update=SUCCEEDED");
    assertThat(run.checks())
        .extracting(c -> c.checkName() + " " + c.success() + " " + c.unexpectedCount())
        .containsExactly(
            "expect_column_values_to_not_be_null(adjustment_id) true 0",
            "expect_column_values_to_be_between(quantity_delta) false 3",
            "expect_column_values_to_be_in_set(reason) true 0");
    assertThat(
            stack
                .catalog()
                .products()
                .find("inventory.stock_adjustments")
                .orElseThrow()
                .publishedRunId())
        .isNotEqualTo(outcome.runId());
  }

  @Test
  @Order(3)
  void asecondRequestForARunningProductJoinsItsRun() throws Exception {
    Path root = scratch.resolve("slow");
    Files.createDirectories(root.resolve("inventory/models"));
    Files.writeString(
        root.resolve("inventory/models/slow.sql"),
        "SELECT 1::bigint AS x FROM (SELECT pg_sleep(2)) AS s");
    Files.writeString(
        root.resolve("inventory/slow.yaml"),
        """
        apiVersion: datamesh.io/v1
        kind: DataProduct
        metadata: { name: inventory.slow, domain: inventory, version: 1.0.0, description: Takes two seconds. }
        spec:
          owner: team-inventory@example.com
          sla: { freshness: 1d, availability: 99% }
          transform: { sql: models/slow.sql }
          schema: { fields: [ { name: x, type: long } ] }
        """);
    Mesh slowMesh = new MeshLoader().load(root);
    DataProductContract slow = slowMesh.products().iterator().next();
    PublishService service = stack.services().publishing(slowMesh, POLICIES);
    RunHandle first = service.start(slow, "test");
    RunHandle second = service.start(slow, "test");
    assertThat(first.joined()).isFalse();
    assertThat(second.joined()).isTrue();
    assertThat(second.runId()).isEqualTo(first.runId());
    assertThat(second.result().get().rowsOut()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM meshflow.runs WHERE product_id = 'inventory.slow'"))
        .isEqualTo(1);
    // once it has finished, the same id starts a new run
    RunHandle third = service.start(slow, "test");
    assertThat(third.joined()).isFalse();
    assertThat(third.runId()).isNotEqualTo(first.runId());
    third.result().get();
  }

  @Test
  @Order(3)
  void joiningARunThatRunsOtherSourceContentIsReportedAndFails() throws Exception {
    Path root = scratch.resolve("slow-source");
    Files.createDirectories(root.resolve("inventory/models"));
    Files.writeString(root.resolve("inventory/counts.csv"), "x\n1\n2\n");
    Files.writeString(
        root.resolve("inventory/models/counts.sql"),
        "SELECT CAST(x AS bigint) AS x FROM {{ source() }}, (SELECT pg_sleep(2)) AS s");
    Files.writeString(
        root.resolve("inventory/counts.yaml"),
        """
        apiVersion: datamesh.io/v1
        kind: DataProduct
        metadata: { name: inventory.counts, domain: inventory, version: 1.0.0, description: Slow. }
        spec:
          owner: team-inventory@example.com
          sla: { freshness: 1d, availability: 99% }
          source: { type: csv, path: counts.csv }
          transform: { sql: models/counts.sql }
          schema: { fields: [ { name: x, type: long } ] }
        """);
    Mesh counts = new MeshLoader().load(root);
    DataProductContract product = counts.products().iterator().next();
    PublishService service = stack.services().publishing(counts, POLICIES);
    RunHandle first = service.start(product, "test");
    assertThat(service.start(product, "test").conflict()).isNull();
    // the source changes once the first run has read it
    for (int i = 0; i < 200; i++) {
      var progress = service.progress(first);
      if (progress.currentStep() == io.meshflow.workflows.run.Step.TRANSFORM) break;
      Thread.sleep(20);
    }
    Files.writeString(root.resolve("inventory/counts.csv"), "x\n1\n2\n3\n");
    RunHandle second = service.start(product, "test");
    assertThat(second.joined()).isTrue();
    assertThat(second.conflict())
        .isEqualTo(
            "a run of inventory.counts that another caller started with other contract or source"
                + " content is going ("
                + first.runId()
                + "); it was joined, and what this caller has was not published: publish again"
                + " once it ends");
    assertThat(first.result().get().rowsOut()).isEqualTo(2);
    assertThat(
            new MeshPublisher(service)
                .publish(counts, List.of(product.id()), "test", new MeshPublisher.Listener() {}))
        .singleElement()
        .satisfies(o -> assertThat(o.conflict()).isNull());
    assertThat(count("SELECT count(*) FROM inventory.counts")).isEqualTo(3);
  }

  @Test
  @Order(5)
  void registrationKeepsVersionsImmutableAndRefusesBreakingChangesWithoutAMajorBump()
      throws Exception {
    Path dir = scratch.resolve("registry/orders");
    copy(Path.of("../domains/orders"), dir);
    Path file = dir.resolve("order_events.yaml");
    String v1 = Files.readString(file);
    String withoutEventCount =
        v1.lines()
            .filter(l -> !l.contains("event_count"))
            .map(l -> l + "\n")
            .reduce("", String::concat);
    ContractRegistry registry = new ContractRegistry(stack.catalog().products(), POLICIES);
    java.util.function.Function<String, DataProductContract> contract =
        text -> {
          try {
            Files.writeString(file, text);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return new io.meshflow.contracts.parse.ContractParser().parse(file, "order_events.yaml");
        };

    registry.register(contract.apply(v1)); // already registered: nothing to do
    assertThat(
            refusal(
                registry,
                contract.apply(v1.replace("description: >-", "description: >-\n    Edited."))))
        .containsExactly(
            "version 1.0.0 is already registered with other content: a registered version never changes;"
                + " give this one a new version");
    assertThat(
            refusal(
                registry,
                contract.apply(withoutEventCount.replace("version: 1.0.0", "version: 1.1.0"))))
        .containsExactly(
            "breaking changes since 1.0.0 need a new major version (2.0.0), not 1.1.0:",
            "  breaking  spec.schema.fields[7]: field 'event_count' removed: consumers selecting it fail");

    registry.register(
        contract.apply(withoutEventCount.replace("version: 1.0.0", "version: 2.0.0")));
    assertThat(stack.catalog().products().find("orders.order_events").orElseThrow().latestVersion())
        .isEqualTo("2.0.0");
    assertThat(stack.catalog().products().compliance("orders.order_events"))
        .extracting(c -> c.ruleId() + " " + c.passed())
        .containsExactly(
            "description-present true",
            "freshness-in-range true",
            "owner-email true",
            "pii-masked true",
            "pii-policy true",
            "primary-key-not-null-check true",
            "product-naming true",
            "roles-known true",
            "sensitive-domain-policy true",
            "sla-declared true");

    assertThat(refusal(registry, contract.apply(v1.replace("version: 1.0.0", "version: 1.5.0"))))
        .containsExactly("version 1.5.0 is lower than the registered 2.0.0");
    assertThat(
            refusal(
                registry,
                contract.apply(
                    withoutEventCount
                        .replace("version: 1.0.0", "version: 2.1.0")
                        .replace("pii: true, masking: hash", "pii: true"))))
        .containsExactly(
            file
                + ":19: spec.schema.fields[1]: [pii-masked] a pii field declares masking (hash or redact)",
            "breaking changes since 2.0.0 need a new major version (3.0.0), not 2.1.0:",
            "  breaking  spec.schema.fields[1].constraints.masking: field 'customer_id' masking changed from hash to none:"
                + " raw values would be published");
  }

  @Test
  @Order(6)
  void aPartitionedProductPublishesOneDayPerRunAndEachRunReplacesOnlyItsDay() throws Exception {
    Mesh partitioned = new MeshLoader().load(Path.of("../examples/partitioned"));
    DataProductContract daily =
        partitioned.product(ProductId.parse("orders.daily_order_events")).orElseThrow();
    PublishService service = stack.services().publishing(partitioned, POLICIES);
    RunHandle first = service.start(daily, "test", "2026-03-14");
    assertThat(first.workflowId()).isEqualTo("publish/orders.daily_order_events/2026-03-14");
    PublishResult published = first.result().get();
    assertThat(published.rowsOut()).isEqualTo(97);
    // orders.daily_order_totals follows it (trigger: on-upstream): the same day, once
    assertThat(published.triggered())
        .extracting(t -> t.workflowId() + " " + t.joined())
        .containsExactly("publish/orders.daily_order_totals/2026-03-14 false");
    awaitTriggered(published);
    assertThat(awaitTriggered(service.start(daily, "test", "2026-03-15").result().get()).rowsOut())
        .isEqualTo(99);
    String dayOne = fingerprint("orders.daily_order_events__p_20260314");
    String totalsOne = fingerprint("orders.daily_order_totals__p_20260314");
    assertThat(awaitTriggered(service.start(daily, "test", "2026-03-15").result().get()).rowsOut())
        .isEqualTo(99);
    assertThat(fingerprint("orders.daily_order_events__p_20260314")).isEqualTo(dayOne);
    assertThat(fingerprint("orders.daily_order_totals__p_20260314")).isEqualTo(totalsOne);
    assertThat(
            count(
                "SELECT sum(events) FROM orders.daily_order_totals WHERE order_day = '2026-03-14'"))
        .isEqualTo(97);
    assertThat(count("SELECT sum(events) FROM orders.daily_order_totals")).isEqualTo(196);
    // exactly one downstream run per upstream publish, each naming the run that triggered it
    List<String> followers =
        stack
            .warehouse()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            """
                                SELECT d.partition_key || ' ' || d.trigger || ' ' || d.status
                                FROM meshflow.runs d JOIN meshflow.runs u ON u.run_id = d.parent_run_id
                                WHERE d.product_id = 'orders.daily_order_totals'
                                  AND u.product_id = 'orders.daily_order_events'
                                  AND u.partition_key = d.partition_key
                                  AND d.parent_workflow_id = u.workflow_id
                                ORDER BY d.started_at
                                """)
                        .mapTo(String.class)
                        .list());
    assertThat(followers)
        .containsExactly(
            "2026-03-14 upstream SUCCEEDED",
            "2026-03-15 upstream SUCCEEDED",
            "2026-03-15 upstream SUCCEEDED");
    assertThat(
            count(
                "SELECT count(*) FROM meshflow.runs WHERE product_id = 'orders.daily_order_totals'"))
        .isEqualTo(3);
    // its OpenLineage events name the upstream run as their parent, and validate
    String follower = published.triggered().get(0).runId();
    List<String> events = stack.services().lineageEvents().events(follower);
    assertThat(events).hasSize(2);
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    OpenLineageSpec spec = new OpenLineageSpec();
    for (String event : events) {
      assertThat(spec.violations(event)).as(event).isEmpty();
      var parent = mapper.readTree(event).at("/run/facets/parent");
      assertThat(parent.at("/run/runId").asText()).isEqualTo(published.runId());
      assertThat(parent.at("/job/namespace").asText()).isEqualTo("meshflow");
      assertThat(parent.at("/job/name").asText()).isEqualTo("orders.daily_order_events");
    }
    assertThat(count("SELECT count(*) FROM orders.daily_order_events")).isEqualTo(196);
    assertThat(
            count(
                "SELECT count(*) FROM orders.daily_order_events WHERE event_ts::date = '2026-03-14'"))
        .isEqualTo(97);
    assertThat(
            count(
                "SELECT count(*) FROM pg_inherits WHERE inhparent = 'orders.daily_order_events'::regclass"))
        .isEqualTo(2);
    assertThat(
            count(
                "SELECT count(*) FROM meshflow.runs WHERE product_id = 'orders.daily_order_events'"
                    + " AND partition_key = '2026-03-15' AND status = 'SUCCEEDED'"))
        .isEqualTo(2);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.start(daily, "test", null))
        .hasMessage(
            "orders.daily_order_events is partitioned by day: give a partition, e.g. --partition 2026-03-14");
  }

  @Test
  @Order(7)
  void schedulesAreCreatedKeptReplacedAndRemovedWithTheirContracts() throws Exception {
    Path root = scratch.resolve("scheduled");
    Files.createDirectories(root.resolve("inventory/models"));
    Files.writeString(root.resolve("inventory/models/nightly.sql"), "SELECT 1::bigint AS x");
    String contract =
        """
        apiVersion: datamesh.io/v1
        kind: DataProduct
        metadata: { name: inventory.nightly, domain: inventory, version: %s, description: A nightly product. }
        spec:
          owner: team-inventory@example.com
          sla: { freshness: 1d, availability: 99%% }
          transform: { sql: models/nightly.sql }
          %s
          schema: { fields: [ { name: x, type: long } ] }
        """;
    Path file = root.resolve("inventory/nightly.yaml");
    var reconciler =
        new io.meshflow.orchestrator.schedule.ScheduleReconciler(
            stack.client(),
            stack.catalog().schedules(),
            stack.services().publishing(mesh, POLICIES));
    java.util.function.Function<Mesh, List<String>> reconcile =
        mesh ->
            reconciler.reconcile(mesh).stream()
                .map(a -> a.what() + " " + a.product() + " " + a.cron())
                .toList();

    Files.writeString(
        file, contract.formatted("1.0.0", "schedule: { cron: \"0 3 1 1 *\", timezone: UTC }"));
    assertThat(reconcile.apply(new MeshLoader().load(root)))
        .containsExactly("created inventory.nightly 0 3 1 1 *");
    var workflow = stack.client().newUntypedWorkflowStub("schedule/inventory.nightly");
    assertThat(workflow.describe().getStatus())
        .isEqualTo(
            io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    String firstRun = workflow.describe().getExecution().getRunId();
    var row =
        reconciler.list().stream()
            .filter(r -> r.productId().equals("inventory.nightly"))
            .findFirst()
            .orElseThrow();
    assertThat(row.next().getZone().getId()).isEqualTo("UTC");
    assertThat(row.next().getMonthValue()).isEqualTo(1);
    assertThat(row.next().getHour()).isEqualTo(3);

    assertThat(reconcile.apply(new MeshLoader().load(root)))
        .containsExactly("kept inventory.nightly 0 3 1 1 *");

    Files.writeString(
        file, contract.formatted("1.0.1", "schedule: { cron: \"0 4 1 1 *\", timezone: UTC }"));
    assertThat(reconcile.apply(new MeshLoader().load(root)))
        .containsExactly("replaced inventory.nightly 0 4 1 1 *");
    var replaced = stack.client().newUntypedWorkflowStub("schedule/inventory.nightly").describe();
    assertThat(replaced.getExecution().getRunId()).isNotEqualTo(firstRun);
    assertThat(replaced.getStatus())
        .isEqualTo(
            io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    Files.writeString(file, contract.formatted("1.0.2", ""));
    assertThat(reconcile.apply(new MeshLoader().load(root)))
        .containsExactly("removed inventory.nightly 0 4 1 1 *");
    assertThat(
            stack
                .client()
                .newUntypedWorkflowStub("schedule/inventory.nightly")
                .describe()
                .getStatus())
        .isEqualTo(
            io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
    assertThat(reconciler.list()).noneMatch(r -> r.productId().equals("inventory.nightly"));
  }

  static List<String> refusal(ContractRegistry registry, DataProductContract contract) {
    try {
      registry.register(contract);
    } catch (RegistrationRefusedException e) {
      return e.report();
    }
    throw new AssertionError("registration of " + contract.version() + " was not refused");
  }

  static void copy(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
  }

  @Test
  @Order(8)
  void theShopDatabasesChangedRowsAreAllANextRunReadsAndTheyAreMergedByKey() throws Exception {
    String shop = io.meshflow.contracts.model.JdbcSource.databaseUrl(stack.jdbcUrl(), "shop");
    try (var c = java.sql.DriverManager.getConnection(shop, "postgres", "");
        var s = c.createStatement()) {
      s.execute(Files.readString(Path.of("../domains/inventory/data/shop_changes.sql")));
    }
    List<Outcome> outcomes = publish(mesh, "inventory.products");
    assertThat(outcomes).extracting(Outcome::succeeded).containsExactly(true);
    var run = stack.catalog().runs().find(outcomes.get(0).runId()).orElseThrow().run();
    // two price changes, a product retired, two listed: exactly those five rows were read
    assertThat(run.rowsIn()).isEqualTo(5);
    assertThat(count("SELECT count(*) FROM inventory.products")).isEqualTo(62);
    assertThat(count("SELECT count(*) FROM inventory.products WHERE NOT active")).isEqualTo(5);
    assertThat(
            count(
                "SELECT count(*) FROM inventory.products WHERE sku IN ('SKU-00061', 'SKU-00062')"))
        .isEqualTo(2);
    List<Outcome> again = publish(mesh, "inventory.products");
    assertThat(stack.catalog().runs().find(again.get(0).runId()).orElseThrow().run().rowsIn())
        .isZero();
    assertThat(count("SELECT count(*) FROM inventory.products")).isEqualTo(62);
  }
}
