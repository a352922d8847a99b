package io.meshflow.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.orchestrator.api.ApiServer;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The HTTP API over real HTTP, on the embedded stack, as `meshflow dev` serves it. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "meshflow.mesh=../domains",
      "meshflow.governance=../governance",
      "meshflow.api.tokens[0].name=test",
      "meshflow.api.tokens[0].token=" + ApiTest.TOKEN,
      "meshflow.api.tokens[0].permissions=*",
      "meshflow.api.tokens[1].name=reader",
      "meshflow.api.tokens[1].token=" + ApiTest.READER,
      "meshflow.api.tokens[1].permissions=catalog:read",
      "meshflow.api.tokens[2].name=openlineage",
      "meshflow.api.tokens[2].token=" + ApiTest.INGEST,
      "meshflow.api.tokens[2].permissions=lineage:write",
      "meshflow.api.max-body-bytes=65536",
      "meshflow.api.ingest-bytes-per-minute=200000"
    })
class ApiTest {
  static final String TOKEN = "test-token-with-every-permission";
  static final String READER = "test-token-that-only-reads";
  static final String INGEST = "test-token-of-a-lineage-producer";
  @TempDir static Path home;
  static MeshStack stack;
  static ConfigurableApplicationContext api;

  @DynamicPropertySource
  static void home(DynamicPropertyRegistry registry) {
    registry.add("meshflow.home", () -> home.toString());
  }

  int port;
  @Autowired ConfigurableApplicationContext context;
  @Autowired StackLauncher launcher;
  @Autowired MeshflowProperties properties;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @AfterAll
  static void stop() {
    if (api != null) api.close();
    if (stack != null) stack.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", "Bearer " + TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode publish(String product) throws Exception {
    HttpResponse<String> started = post("/api/v1/products/" + product + "/runs", "");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String runId = json.readTree(started.body()).get("runId").asText();
    for (int i = 0; i < 300; i++) {
      JsonNode run = json.readTree(get("/api/v1/runs/" + runId).body());
      if (run.has("run") && !run.get("run").get("status").asText().equals("RUNNING")) return run;
      Thread.sleep(100);
    }
    throw new AssertionError("run " + runId + " did not finish");
  }

  /** One stack for the class, with the workers of every domain the tests use. */
  private synchronized void serve(Mesh mesh) throws Exception {
    if (stack == null) {
      stack =
          launcher.forCommand(
              new StackLauncher.Needs(true, java.util.Set.of("orders", "billing", "inventory")));
    }
    // the API serves one mesh, as `meshflow dev` does: a test of another mesh gets its own
    if (api != null) api.close();
    api =
        ApiServer.start(
            context,
            stack.services(),
            stack.services().publishing(mesh, new GovernanceLoader().load(properties.governance())),
            Map.of("server.port", 0));
    port = ApiServer.port(api);
  }

  /** Polls the product's backfill until it reaches the state. */
  private JsonNode awaitBackfill(String product, java.util.function.Predicate<JsonNode> reached)
      throws Exception {
    for (int i = 0; i < 600; i++) {
      JsonNode status = json.readTree(get("/api/v1/products/" + product + "/backfill").body());
      if (reached.test(status)) return status;
      Thread.sleep(100);
    }
    throw new AssertionError("the backfill of " + product + " never reached the state");
  }

  @Test
  void backfillStartsPausesResumesAndReportsOverHttp() throws Exception {
    serve(new MeshLoader().load(Path.of("../examples/partitioned")));
    String product = "orders.daily_order_events";
    String base = "/api/v1/products/" + product + "/backfill";

    HttpResponse<String> reversed =
        post(base, "{\"from\": \"2026-03-10\", \"to\": \"2026-03-01\"}");
    assertThat(reversed.statusCode()).isEqualTo(400);
    assertThat(json.readTree(reversed.body()).get("detail").asText())
        .isEqualTo("the range 2026-03-10 to 2026-03-01 ends before it starts");
    HttpResponse<String> early = post(base, "{\"from\": \"2026-02-27\", \"to\": \"2026-03-01\"}");
    assertThat(early.statusCode()).isEqualTo(400);
    assertThat(json.readTree(early.body()).get("detail").asText())
        .isEqualTo(
            "orders.daily_order_events starts at 2026-03-01 (spec.partitioning.start): 2026-02-27 is before its first day");
    assertThat(post("/api/v1/products/orders.nope/backfill", "{}").statusCode()).isEqualTo(404);
    assertThat(get(base).statusCode()).isEqualTo(404);

    HttpResponse<String> started =
        post(base, "{\"from\": \"2026-03-01\", \"to\": \"2026-03-08\", \"concurrency\": 1}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    JsonNode first = json.readTree(started.body());
    assertThat(first.get("workflowId").asText()).isEqualTo("backfill/" + product);
    assertThat(first.get("total").asLong()).isEqualTo(8);

    assertThat(post(base + "/pause", "").statusCode()).isEqualTo(200);
    JsonNode paused =
        awaitBackfill(
            product,
            s -> s.at("/progress/paused").asBoolean() && s.at("/progress/running").isEmpty());
    long doneWhenPaused = paused.at("/progress/done").asLong();
    assertThat(doneWhenPaused).isBetween(1L, 7L);
    assertThat(paused.at("/progress/queued")).hasSize((int) (8 - doneWhenPaused));
    Thread.sleep(1000);
    JsonNode still = json.readTree(get(base).body());
    assertThat(still.at("/progress/done").asLong()).isEqualTo(doneWhenPaused);
    assertThat(still.get("running").asBoolean()).isTrue();

    assertThat(post(base + "/resume", "").statusCode()).isEqualTo(200);
    JsonNode ended = awaitBackfill(product, s -> !s.get("running").asBoolean());
    assertThat(ended.at("/progress/done").asLong()).isEqualTo(8);
    assertThat(ended.at("/progress/failed")).isEmpty();
    assertThat(ended.at("/progress/queued")).isEmpty();
    assertThat(stack.catalog().runs().recent(100, product))
        .filteredOn(r -> r.trigger().equals("backfill"))
        .extracting(r -> r.partitionKey() + " " + r.status() + " " + r.parentWorkflowId())
        .containsExactlyInAnyOrder(
            "2026-03-01 SUCCEEDED backfill/" + product,
            "2026-03-02 SUCCEEDED backfill/" + product,
            "2026-03-03 SUCCEEDED backfill/" + product,
            "2026-03-04 SUCCEEDED backfill/" + product,
            "2026-03-05 SUCCEEDED backfill/" + product,
            "2026-03-06 SUCCEEDED backfill/" + product,
            "2026-03-07 SUCCEEDED backfill/" + product,
            "2026-03-08 SUCCEEDED backfill/" + product);

    HttpResponse<String> over = post(base + "/cancel", "");
    assertThat(over.statusCode()).isEqualTo(409);
    assertThat(json.readTree(over.body()).get("detail").asText())
        .startsWith("no backfill of orders.daily_order_events is running");
    assertThat(json.readTree(get("/api/v1/schedules").body()).isArray()).isTrue();
  }

  @Test
  void publishSearchBrowseTraceAndIngestOverHttp() throws Exception {
    serve(new MeshLoader().load(properties.mesh()));

    assertThat(publish("orders.order_events").get("run").get("rowsOut").asLong()).isEqualTo(1200);
    assertThat(publish("billing.daily_revenue").get("run").get("status").asText())
        .isEqualTo("SUCCEEDED");

    JsonNode hits = json.readTree(get("/api/v1/search?q=revenue").body());
    assertThat(hits).hasSize(1);
    assertThat(hits.get(0).get("productId").asText()).isEqualTo("billing.daily_revenue");

    JsonNode page = json.readTree(get("/api/v1/catalog/products/orders.order_events").body());
    assertThat(page.get("product").get("publishedRows").asLong()).isEqualTo(1200);
    assertThat(page.get("contract").asText()).contains("name: orders.order_events");
    assertThat(page.get("versions")).hasSize(1);
    assertThat(page.get("checks")).hasSize(11);
    assertThat(page.get("compliance")).hasSize(10);

    JsonNode up =
        json.readTree(
            get("/api/v1/lineage/billing.daily_revenue?direction=upstream&depth=1").body());
    assertThat(up.get("children")).hasSize(1);
    assertThat(up.get("children").get(0).get("product").asText()).isEqualTo("orders.order_events");

    JsonNode impact =
        json.readTree(get("/api/v1/impact/orders.order_events?field=currency").body());
    assertThat(impact.get("affected").get(0).get("product").asText())
        .isEqualTo("billing.daily_revenue");
    assertThat(impact.get("affected").get(0).get("columns").get(0).asText()).isEqualTo("currency");

    HttpResponse<String> bad = post("/api/v1/lineage", "{\"eventTime\": \"2026-11-25T10:00:00Z\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json.readTree(bad.body()).get("detail").asText())
        .isEqualTo("the event has no run.runId");

    HttpResponse<String> missing = get("/api/v1/catalog/products/orders.nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json.readTree(missing.body()).get("detail").asText())
        .isEqualTo("no product 'orders.nope'");

    JsonNode docs = json.readTree(get("/v3/api-docs").body());
    assertThat(docs.get("paths").has("/api/v1/search")).isTrue();
    assertThat(docs.get("paths").has("/api/v1/lineage")).isTrue();
    assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) request.header("Authorization", "Bearer " + token);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void accessIsRequestedApprovedQueriedAndAuditedOverHttp() throws Exception {
    serve(new MeshLoader().load(properties.mesh()));
    assertThat(publish("orders.order_events").get("run").get("status").asText())
        .isEqualTo("SUCCEEDED");
    HttpResponse<String> requested =
        post(
            "/api/v1/access/requests",
            "{\"product\": \"orders.order_events\", \"role\": \"analyst\", \"user\":"
                + " \"api_alice\", \"duration\": \"1d\", \"reason\": \"a dashboard\"}");
    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
    assertThat(json.readTree(requested.body()).get("status").asText()).isEqualTo("PENDING");
    HttpResponse<String> again =
        post(
            "/api/v1/access/requests",
            "{\"product\": \"orders.order_events\", \"role\": \"analyst\", \"user\":"
                + " \"api_alice\", \"duration\": \"1d\"}");
    assertThat(again.statusCode()).isEqualTo(409);

    String query =
        "{\"sql\": \"SELECT count(*) AS n, count(customer_id) AS pii FROM"
            + " orders.order_events__secured\", \"as\": \"api_alice\"}";
    HttpResponse<String> before = post("/api/v1/query", query);
    assertThat(before.statusCode()).isEqualTo(422);
    assertThat(json.readTree(before.body()).get("detail").asText())
        .startsWith("the warehouse has no login 'api_alice'");

    HttpResponse<String> approved =
        post(
            "/api/v1/access/requests/orders.order_events/api_alice/analyst/approve",
            "{\"by\": \"lee\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(json.readTree(approved.body()).get("status").asText()).isEqualTo("ACTIVE");
    HttpResponse<String> twice =
        post(
            "/api/v1/access/requests/orders.order_events/api_alice/analyst/approve",
            "{\"by\": \"lee\"}");
    assertThat(twice.statusCode()).isEqualTo(409);

    HttpResponse<String> read = post("/api/v1/query", query);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(json.readTree(read.body()).get("rows").toString()).isEqualTo("[[\"1200\",\"0\"]]");
    HttpResponse<String> table =
        post(
            "/api/v1/query",
            "{\"sql\": \"SELECT 1 FROM orders.order_events\", \"as\": \"api_alice\"}");
    assertThat(table.statusCode()).isEqualTo(422);
    assertThat(json.readTree(table.body()).get("detail").asText())
        .isEqualTo("ERROR: permission denied for table order_events");

    JsonNode readers = json.readTree(get("/api/v1/products/orders.order_events/access").body());
    assertThat(readers.toString()).contains("\"login\":\"api_alice\"");
    JsonNode log = json.readTree(get("/api/v1/access/log?user=api_alice").body());
    assertThat(log)
        .extracting(e -> e.get("action").asText())
        .containsExactly("requested", "approved", "granted");
    HttpResponse<String> reader = call("GET", "/api/v1/access/log", READER, null);
    assertThat(reader.statusCode()).isEqualTo(403);
  }

  @Test
  void everyEndpointTurnsAwayCallersWithoutATokenOrWithoutThePermission() throws Exception {
    serve(new MeshLoader().load(properties.mesh()));
    java.util.List<String> reads =
        java.util.List.of(
            "/api/v1/products",
            "/api/v1/products/orders.order_events",
            "/api/v1/products/orders.order_events/checks",
            "/api/v1/products/orders.order_events/backfill",
            "/api/v1/runs",
            "/api/v1/runs/some-run",
            "/api/v1/search?q=x",
            "/api/v1/catalog/products/orders.order_events",
            "/api/v1/catalog/products/orders.order_events/diff",
            "/api/v1/lineage/orders.order_events",
            "/api/v1/lineage/orders.order_events/columns/currency",
            "/api/v1/impact/orders.order_events",
            "/api/v1/schedules",
            "/v3/api-docs");
    java.util.List<String> writes =
        java.util.List.of(
            "/api/v1/products/orders.order_events/runs",
            "/api/v1/products/orders.order_events/backfill",
            "/api/v1/products/orders.order_events/backfill/pause",
            "/api/v1/products/orders.order_events/backfill/resume",
            "/api/v1/products/orders.order_events/backfill/cancel",
            "/api/v1/lineage",
            "/api/v1/access/requests",
            "/api/v1/access/requests/orders.order_events/alice/analyst/approve",
            "/api/v1/query");
    for (String path : reads) {
      HttpResponse<String> anonymous = call("GET", path, null, null);
      assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(json.readTree(anonymous.body()).get("detail").asText())
          .isEqualTo("a bearer token is required (Authorization: Bearer <token>)");
      assertThat(call("GET", path, "not-a-token-anyone-has", null).statusCode())
          .as(path)
          .isEqualTo(401);
      assertThat(call("GET", path, READER, null).statusCode()).as(path).isNotIn(401, 403);
    }
    for (String path : writes) {
      assertThat(call("POST", path, null, "{}").statusCode()).as(path).isEqualTo(401);
      HttpResponse<String> reader = call("POST", path, READER, "{}");
      assertThat(reader.statusCode()).as(path).isEqualTo(403);
      assertThat(json.readTree(reader.body()).get("detail").asText())
          .isEqualTo("the token lacks the permission this endpoint needs");
    }
  }

  @Test
  void oversizedBodiesAndPartitionsOfUnpartitionedProductsAreRefused() throws Exception {
    serve(new MeshLoader().load(properties.mesh()));
    String big = "{\"pad\": \"" + "x".repeat(70_000) + "\"}";
    HttpResponse<String> tooLarge = call("POST", "/api/v1/lineage", TOKEN, big);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(json.readTree(tooLarge.body()).get("detail").asText())
        .isEqualTo("the request body is larger than 65536 bytes");

    // lineage events are budgeted per caller: 3 of 60 KB fit in a minute's 200 KB, a 4th does not
    String event = "{\"pad\": \"" + "x".repeat(60_000) + "\"}";
    for (int i = 0; i < 3; i++) {
      assertThat(call("POST", "/api/v1/lineage", TOKEN, event).statusCode()).isEqualTo(400);
    }
    HttpResponse<String> flood = call("POST", "/api/v1/lineage", TOKEN, event);
    assertThat(flood.statusCode()).isEqualTo(429);
    assertThat(flood.headers().firstValue("Retry-After")).isPresent();
    assertThat(call("POST", "/api/v1/lineage", READER, event).statusCode()).isEqualTo(403);

    // what OpenLineage's HTTP transport sends with auth api_key: a bearer token that may only
    // ingest
    String runEvent =
        """
        {"eventType": "COMPLETE", "eventTime": "2026-11-25T10:00:00Z",
         "run": {"runId": "0190c1f2-7b1e-7c3a-9d2e-4f5a6b7c8d9e"},
         "job": {"namespace": "airflow", "name": "load_orders"},
         "producer": "https://example.com/producer",
         "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}""";
    assertThat(call("POST", "/api/v1/lineage", INGEST, runEvent).statusCode()).isEqualTo(201);
    Long ingested =
        stack
            .warehouse()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM meshflow.lineage_events WHERE job_name ="
                                + " 'airflow/load_orders'")
                        .mapTo(Long.class)
                        .one());
    assertThat(ingested).isEqualTo(1L);
    assertThat(call("GET", "/api/v1/products", INGEST, null).statusCode()).isEqualTo(403);

    HttpResponse<String> partition =
        call("POST", "/api/v1/products/orders.order_events/runs?partition=../../x", TOKEN, "");
    assertThat(partition.statusCode()).isEqualTo(400);
    assertThat(json.readTree(partition.body()).get("detail").asText())
        .isEqualTo(
            "orders.order_events is not partitioned: a run publishes the whole product; leave out"
                + " partition");
  }
}
