package io.meshflow.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.orchestrator.api.ApiServer;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** JWTs of an OIDC issuer, checked against the issuer's published keys over real HTTP. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"meshflow.mesh=../domains", "meshflow.governance=../governance"})
class ApiJwtTest {
  static final RSAKey KEY = generate("issuer-key");
  static final RSAKey OTHER = generate("someone-else");
  static HttpServer issuer;

  static RSAKey generate(String id) {
    try {
      return new RSAKeyGenerator(2048).keyID(id).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void oidc(DynamicPropertyRegistry registry) throws Exception {
    issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] keys = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    issuer.createContext(
        "/jwks",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, keys.length);
          exchange.getResponseBody().write(keys);
          exchange.close();
        });
    issuer.start();
    registry.add(
        "meshflow.api.oidc.jwk-set-uri",
        () -> "http://127.0.0.1:" + issuer.getAddress().getPort() + "/jwks");
    registry.add("meshflow.home", () -> Path.of("target", "jwt-test-home").toString());
  }

  static MeshStack stack;
  static ConfigurableApplicationContext api;

  @AfterAll
  static void stop() {
    if (api != null) api.close();
    if (stack != null) stack.close();
    issuer.stop(0);
  }

  @Autowired ConfigurableApplicationContext context;
  @Autowired StackLauncher launcher;
  int port;

  @BeforeEach
  void serve() throws Exception {
    if (api == null) {
      stack = launcher.forCommand(new StackLauncher.Needs(true, List.of()));
      api =
          ApiServer.start(
              context,
              stack.services(),
              stack
                  .services()
                  .publishing(
                      new MeshLoader().load(Path.of("../domains")), GovernancePolicies.none()),
              Map.of("server.port", 0));
    }
    port = ApiServer.port(api);
  }

  private final HttpClient http = HttpClient.newHttpClient();

  static String jwt(RSAKey key, String scope, Instant expires) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .subject("analyst@example.com")
                .claim("scope", scope)
                .expirationTime(Date.from(expires))
                .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  int status(String method, String path, String token) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void aJwtOfTheIssuerGrantsItsScopesAndNothingElse() throws Exception {
    Instant later = Instant.now().plusSeconds(600);
    String reader = jwt(KEY, "catalog:read", later);
    assertThat(status("GET", "/v3/api-docs", reader)).isEqualTo(200);
    assertThat(status("POST", "/api/v1/lineage", reader)).isEqualTo(403);
    assertThat(status("POST", "/api/v1/products/orders.order_events/runs", reader)).isEqualTo(403);
  }

  @Test
  void aForgedOrExpiredJwtIsTurnedAway() throws Exception {
    assertThat(
            status(
                "GET", "/v3/api-docs", jwt(OTHER, "catalog:read", Instant.now().plusSeconds(600))))
        .isEqualTo(401);
    assertThat(
            status(
                "GET", "/v3/api-docs", jwt(KEY, "catalog:read", Instant.now().minusSeconds(600))))
        .isEqualTo(401);
  }
}
