package io.meshflow.contracts.model;

import java.util.List;

/**
 * Where a domain's SLA alerts go: an HTTP endpoint that receives a JSON body on every breach and
 * recovery of the products it covers.
 *
 * @param url the endpoint, or {@code ${env:NAME}} naming the environment variable that holds it (a
 *     Slack webhook URL is a secret), resolved where the platform delivers
 * @param format {@code json} (Meshflow's body) or {@code slack} (Slack's incoming-webhook form)
 * @param products the domain's products it covers; empty for all of them
 */
public record Webhook(String name, String url, String format, List<String> products) {
  public static final String JSON = "json";
  public static final String SLACK = "slack";

  public Webhook {
    products = List.copyOf(products);
  }

  /** Whether it covers the product named {@code product} (its name within the domain). */
  public boolean covers(String product) {
    return products.isEmpty() || products.contains(product);
  }
}
