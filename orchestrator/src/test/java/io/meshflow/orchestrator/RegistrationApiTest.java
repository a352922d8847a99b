package io.meshflow.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.orchestrator.api.ApiServer;
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

/**
 * The guide's catalog call, {@code curl -X POST …/v1/products -H "Content-Type: application/json"
 * -d @domains/orders/data-product-contract.yaml}, over real HTTP on the embedded stack, with a
 * catalog of its own (the guide's product has the example mesh's product id).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "meshflow.mesh=../examples/guide",
      "meshflow.governance=../examples/guide/governance",
      "meshflow.api.tokens[0].name=test",
      "meshflow.api.tokens[0].token=" + RegistrationApiTest.TOKEN,
      "meshflow.api.tokens[0].permissions=contracts:register,catalog:read"
    })
class RegistrationApiTest {
  static final String TOKEN = "test-token-that-registers";
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

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @AfterAll
  static void stop() {
    if (api != null) api.close();
    if (stack != null) stack.close();
  }

  /** One stack and API for the class, whichever test comes first. */
  private void serve(Mesh mesh, GovernancePolicies policies) {
    if (api != null) {
      port = ApiServer.port(api);
      return;
    }
    stack = launcher.forCommand(new StackLauncher.Needs(true, java.util.Set.of("orders")));
    api =
        ApiServer.start(
            context,
            stack.services(),
            stack.services().publishing(mesh, policies),
            Map.of("server.port", 0));
    port = ApiServer.port(api);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", "Bearer " + TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postBody(String path, String contentType, byte[] body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", contentType)
            .header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theGuidesCatalogCallRegistersItsContract() throws Exception {
    Path guide = Path.of("../examples/guide");
    serve(new MeshLoader().load(guide), new GovernanceLoader().load(guide.resolve("governance")));
    byte[] contract =
        java.nio.file.Files.readAllBytes(
            guide.resolve("domains/orders/data-product-contract.yaml"));

    // as the guide's curl sends it: the YAML labelled application/json; the model is the mesh's
    HttpResponse<String> created = postBody("/v1/products", "application/json", contract);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode body = json.readTree(created.body());
    assertThat(body.get("product").asText()).isEqualTo("orders.order_events");
    assertThat(body.get("version").asText()).isEqualTo("2.1.0");
    assertThat(body.get("created").asBoolean()).isTrue();
    assertThat(created.headers().firstValue("Location"))
        .hasValue("/api/v1/products/orders.order_events");
    JsonNode registered = json.readTree(get("/api/v1/products/orders.order_events").body());
    assertThat(registered.toString()).contains("\"2.1.0\"");

    HttpResponse<String> again = postBody("/v1/products", "application/yaml", contract);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(json.readTree(again.body()).get("created").asBoolean()).isFalse();

    // curl -d @file strips the line breaks: refused with the way to send it
    String stripped =
        new String(contract, java.nio.charset.StandardCharsets.UTF_8).replace("\n", "");
    HttpResponse<String> flat =
        postBody(
            "/v1/products",
            "application/json",
            stripped.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(flat.statusCode()).isEqualTo(400);
    assertThat(json.readTree(flat.body()).get("problems").get(0).asText())
        .isEqualTo(
            "body: the contract arrived without its line breaks, as curl's -d @file sends a file;"
                + " send it with --data-binary @file");

    String text = new String(contract, java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> broken =
        postBody(
            "/v1/products",
            "application/json",
            text.replace("version: 2.1.0", "version: two")
                .replace("timezone: \"UTC\"", "timezone: \"Mars/Olympus\"")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(json.readTree(broken.body()).get("problems"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "body:7: metadata.version: invalid semantic version 'two' (expected MAJOR.MINOR.PATCH,"
                + " e.g. 2.1.0)",
            "body:21: spec.schema.fields[1].constraints.timezone: unknown time zone 'Mars/Olympus'"
                + " (expected an IANA name such as UTC or Europe/Paris)");

    // the registered version's content changed: a registered version never changes
    HttpResponse<String> changed =
        postBody(
            "/v1/products",
            "application/json",
            text.replace("team-orders@company.io", "orders-team@company.io")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(changed.statusCode()).isEqualTo(409);
    assertThat(json.readTree(changed.body()).get("report").get(0).asText())
        .isEqualTo(
            "version 2.1.0 is already registered with other content: a registered version never"
                + " changes; give this one a new version");

    // the model as a second part: a new minor version with its own model text
    String boundary = "meshflow-boundary";
    String model =
        java.nio.file.Files.readString(guide.resolve("domains/orders/models/order_events.sql"))
            .replace("\"version\": \"2.1.0\"", "\"version\": \"2.2.0\"");
    String multipart =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"contract\";"
            + " filename=\"data-product-contract.yaml\"\r\nContent-Type: application/yaml\r\n\r\n"
            + text.replace("version: 2.1.0", "version: 2.2.0")
            + "\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"model\"; filename=\"order_events.sql\""
            + "\r\nContent-Type: text/plain\r\n\r\n"
            + model
            + "\r\n--"
            + boundary
            + "--\r\n";
    HttpResponse<String> parts =
        postBody(
            "/v1/products",
            "multipart/form-data; boundary=" + boundary,
            multipart.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(parts.statusCode()).as(parts.body()).isEqualTo(201);
    assertThat(json.readTree(parts.body()).get("version").asText()).isEqualTo("2.2.0");

    // a model part that contradicts its contract names both lines
    String wrongMeta =
        multipart
            .replace("version: 2.2.0", "version: 2.3.0")
            .replace("\"sla_freshness\": \"15m\"", "\"sla_freshness\": \"1h\"");
    HttpResponse<String> contradicted =
        postBody(
            "/v1/products",
            "multipart/form-data; boundary=" + boundary,
            wrongMeta.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(contradicted.statusCode()).isEqualTo(400);
    assertThat(json.readTree(contradicted.body()).get("problems"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "data-product-contract.yaml:7: metadata.version: models/order_events.sql line 4:"
                + " config meta.version says version '2.2.0', the contract 2.3.0",
            "data-product-contract.yaml:11: spec.sla.freshness: models/order_events.sql line 5:"
                + " config meta.sla_freshness says a freshness of '1h', the contract 15m");
  }

  @Test
  void aPatternIsJudgedByPostgreSqlWhichRunsItWhenTheVersionIsRegistered() throws Exception {
    Path guide = Path.of("../examples/guide");
    serve(new MeshLoader().load(guide), new GovernanceLoader().load(guide.resolve("governance")));
    String contract =
        """
        apiVersion: datamesh.io/v1
        kind: DataProduct
        metadata: { name: orders.patterns, domain: orders, version: 1.0.0 }
        spec:
          owner: team-orders@company.io
          sla: { freshness: 1h, availability: 99% }
          schema: { fields: [ { name: code, type: string, constraints: { primary_key: true } } ] }
          quality:
            checks:
              - { column: code, assertion: expect_column_values_to_not_be_null }
              - { column: code, assertion: expect_column_values_to_match_regex, regex: "PATTERN" }
        """;
    // valid for Java's engine, refused by PostgreSQL's
    HttpResponse<String> refused =
        postParts(contract.replace("PATTERN", "a++"), "SELECT 'abc' AS code");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(json.readTree(refused.body()).get("report").get(0).asText())
        .endsWith(
            ":11: spec.quality.checks[1].regex: PostgreSQL, which runs the pattern, refuses it:"
                + " invalid regular expression: quantifier operand invalid");
    // refused by Java's engine, valid for PostgreSQL's (\\y is a word boundary there)
    HttpResponse<String> accepted =
        postParts(contract.replace("PATTERN", "\\\\ybbb\\\\y"), "SELECT 'abc' AS code");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
  }

  private HttpResponse<String> postParts(String contract, String model) throws Exception {
    String boundary = "meshflow-boundary";
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"contract\"; filename=\"patterns.yaml\""
            + "\r\n\r\n"
            + contract
            + "\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"model\"; filename=\"patterns.sql\""
            + "\r\n\r\n"
            + model
            + "\r\n--"
            + boundary
            + "--\r\n";
    return postBody(
        "/v1/products",
        "multipart/form-data; boundary=" + boundary,
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
