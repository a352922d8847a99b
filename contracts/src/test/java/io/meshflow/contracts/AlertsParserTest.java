package io.meshflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.Webhook;
import io.meshflow.contracts.parse.AlertsParser;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A domain's alerts.yaml: read strictly, and routed to the products it covers. */
class AlertsParserTest {
  @TempDir Path dir;

  @Test
  void everyProblemIsReportedAtItsLineAndASecretIsNeverEchoed() throws Exception {
    Path file = dir.resolve("alerts.yaml");
    Files.writeString(
        file,
        """
        apiVersion: datamesh.io/v1
        kind: Alerts
        webhooks:
          - name: oncall
            url: hooks.slack.com/services/T000/B000/SECRET
            format: teams
          - name: oncall
            url: ${env:ONCALL_URL}
            products: [Order Events]
            retries: 3
        """);
    ContractException e =
        catchThrowableOfType(
            ContractException.class, () -> AlertsParser.parse(file, "alerts.yaml"));
    assertThat(e.problems().stream().map(ContractProblem::toString))
        .containsExactly(
            "alerts.yaml:5: webhooks[0].url: a webhook url is an http(s) URL, or ${env:NAME}"
                + " naming the variable that holds it",
            "alerts.yaml:6: webhooks[0].format: unknown format 'teams' (expected json or slack)",
            "alerts.yaml:7: webhooks[1].name: webhook 'oncall' is declared twice",
            "alerts.yaml:9: webhooks[1].products: 'Order Events' is not a product name of the"
                + " domain",
            "alerts.yaml:10: webhooks[1].retries: unknown key 'retries' (allowed: format, name,"
                + " products, url)");
    assertThat(e.getMessage()).doesNotContain("SECRET");
  }

  @Test
  void aDomainsWebhooksCoverTheProductsTheyName() throws Exception {
    Path mesh = dir.resolve("mesh");
    try (var files = Files.walk(Path.of("../domains"))) {
      for (Path p : files.toList()) {
        Path to = mesh.resolve(Path.of("../domains").relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(to);
        else Files.copy(p, to);
      }
    }
    Files.writeString(
        mesh.resolve("orders/alerts.yaml"),
        """
        apiVersion: datamesh.io/v1
        kind: Alerts
        webhooks:
          - { name: all, url: "https://alerts.example.com/orders" }
          - { name: events-only, url: "${env:EVENTS_HOOK}", format: slack, products: [order_events] }
        """);
    var loaded = new MeshLoader().load(mesh);
    assertThat(loaded.products()).hasSize(4);
    assertThat(loaded.webhooks(ProductId.parse("orders.order_events")))
        .extracting(Webhook::name)
        .containsExactly("all", "events-only");
    assertThat(loaded.webhooks(ProductId.parse("billing.daily_revenue"))).isEqualTo(List.of());
  }
}
