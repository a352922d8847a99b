package io.meshflow.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackHolder;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The HTTP API over real HTTP, on the embedded stack, as `meshflow dev` serves it. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"meshflow.mesh=../domains", "meshflow.governance=../governance"})
class ApiTest {
  @TempDir static Path home;
  static MeshStack stack;

  @DynamicPropertySource
  static void home(DynamicPropertyRegistry registry) {
    registry.add("meshflow.home", () -> home.toString());
  }

  @LocalServerPort int port;
  @Autowired StackLauncher launcher;
  @Autowired StackHolder holder;
  @Autowired MeshflowProperties properties;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @AfterAll
  static void stop() {
    if (stack != null) stack.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
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

  @Test
  void publishSearchBrowseTraceAndIngestOverHttp() throws Exception {
    Mesh mesh = new MeshLoader().load(properties.mesh());
    stack = launcher.forCommand(new StackLauncher.Needs(true, mesh.domains(), mesh.root()));
    holder.set(stack, mesh, new GovernanceLoader().load(properties.governance()));

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
    assertThat(page.get("compliance")).hasSize(8);

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
}
