package io.meshflow.contracts.parse;

import io.meshflow.contracts.model.JdbcSource;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.contracts.model.Webhook;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a domain's {@code alerts.yaml} (kind {@code Alerts}) strictly: the webhooks its SLA alerts
 * go to.
 */
public final class AlertsParser {
  /** The file name a domain declares its alerts in, in its own folder. */
  public static final String FILE_NAME = "alerts.yaml";

  private AlertsParser() {}

  /** The webhooks {@code file} declares; throws with every problem, with path and line. */
  public static List<Webhook> parse(Path file, String display) {
    return StrictYaml.read(
        file,
        display,
        Set.of("apiVersion", "kind", "webhooks"),
        doc -> {
          doc.requireEquals("apiVersion", "datamesh.io/v1");
          doc.requireEquals("kind", "Alerts");
          List<Webhook> webhooks = new ArrayList<>();
          Set<String> names = new HashSet<>();
          for (StrictYaml.Element w :
              doc.list("webhooks", true, Set.of("name", "url", "format", "products"))) {
            String name = w.string("name", true);
            if (name != null && !names.add(name)) {
              w.problem("name", "webhook '" + name + "' is declared twice");
            }
            String url = w.string("url", true);
            if (url != null && JdbcSource.variable(url).isEmpty() && !isHttp(url)) {
              // the text may be a secret: never echoed
              w.problem(
                  "url",
                  "a webhook url is an http(s) URL, or ${env:NAME} naming the variable that holds"
                      + " it");
              url = null;
            }
            String format = w.string("format", false);
            if (format == null) format = Webhook.JSON;
            if (!format.equals(Webhook.JSON) && !format.equals(Webhook.SLACK)) {
              w.problem("format", "unknown format '" + format + "' (expected json or slack)");
            }
            List<String> products = w.strings("products");
            for (String p : products) {
              if (!SqlIdentifier.isValid(p)) {
                w.problem("products", "'" + p + "' is not a product name of the domain");
              }
            }
            if (name != null && url != null) {
              webhooks.add(new Webhook(name, url, format, products));
            }
          }
          return webhooks;
        });
  }

  private static boolean isHttp(String url) {
    try {
      URI uri = URI.create(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
