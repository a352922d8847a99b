package io.meshflow.orchestrator.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshflow.contracts.model.JdbcSource;
import io.meshflow.contracts.model.Webhook;
import io.meshflow.orchestrator.catalog.SlaDao;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.ProbeResult;
import io.meshflow.workflows.activities.SlaActivities;
import io.meshflow.workflows.activities.SlaAlert;
import io.meshflow.workflows.activities.SlaBreach;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Records the monitors' breaches in the catalog and probes products as their consumers read them,
 * with the platform's role.
 */
public final class SlaActivitiesImpl implements SlaActivities {
  /** A quoted, qualified relation name: the only thing a probe reads. */
  private static final Pattern RELATION =
      Pattern.compile("\"[a-z_][a-z0-9_]*\"\\.\"[a-z_][a-z0-9_]*\"");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SlaDao sla;
  private final Warehouse warehouse;
  private final Function<String, String> env;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param env where {@code ${env:NAME}} webhook URLs are looked up
   */
  public SlaActivitiesImpl(SlaDao sla, Warehouse warehouse, Function<String, String> env) {
    this.sla = sla;
    this.warehouse = warehouse;
    this.env = env;
  }

  @Override
  public void deliver(SlaAlert alert) {
    String alertId = SlaAlert.alertId(alert);
    List<String> refused = new ArrayList<>();
    for (SlaDao.WebhookRow hook : sla.webhooks(alert.breach().product())) {
      if (sla.delivered(alertId, hook.name())) continue;
      String url = hook.url();
      Optional<String> variable = JdbcSource.variable(url);
      if (variable.isPresent()) {
        url = env.apply(variable.get());
        if (url == null || url.isBlank()) {
          refused.add(hook.name() + ": the variable " + variable.get() + " is not set");
          continue;
        }
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Meshflow-Alert-Id", alertId)
                    .POST(HttpRequest.BodyPublishers.ofString(body(alert, alertId, hook.format())))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
          sla.recordDelivery(alertId, hook.name(), Instant.now(), response.statusCode());
        } else {
          refused.add(hook.name() + ": HTTP " + response.statusCode());
        }
      } catch (IOException | IllegalArgumentException e) {
        // the URL may carry a secret: the webhook's name says which, the URL is never echoed
        refused.add(hook.name() + ": " + e.getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApplicationFailure.newFailure("interrupted", "AlertUndelivered");
      }
    }
    if (!refused.isEmpty()) {
      throw ApplicationFailure.newFailure(
          "alert " + alertId + " not delivered to " + String.join("; ", refused),
          "AlertUndelivered");
    }
  }

  /** Meshflow's JSON body, or Slack's incoming-webhook form ({@code text}). */
  static String body(SlaAlert alert, String alertId, String format) {
    SlaBreach b = alert.breach();
    boolean recovery = alert.event().equals(SlaAlert.RECOVERY);
    Instant start = Instant.ofEpochMilli(b.startedAtMillis());
    Instant end = recovery ? Instant.ofEpochMilli(b.endedAtMillis()) : null;
    String text =
        recovery
            ? b.product()
                + " recovered: its "
                + b.kind()
                + " breach ended at "
                + end
                + " after "
                + Duration.between(start, end).toSeconds()
                + " s"
                + (b.endedByRun() == null ? "" : " (run " + b.endedByRun() + ")")
            : b.product()
                + " breached its "
                + b.kind()
                + " target at "
                + start
                + (b.cause() == null ? "" : ": " + b.cause());
    Map<String, Object> body = new LinkedHashMap<>();
    if (format.equals(Webhook.SLACK)) {
      body.put("text", (recovery ? ":white_check_mark: " : ":rotating_light: ") + text);
    } else {
      body.put("id", alertId);
      body.put("event", alert.event());
      body.put("product", b.product());
      body.put("kind", b.kind());
      body.put("breachId", SlaBreach.breachId(b.product(), b.kind(), b.startedAtMillis()));
      body.put("startedAt", start.toString());
      body.put("endedAt", end == null ? null : end.toString());
      body.put("durationSeconds", end == null ? null : Duration.between(start, end).toSeconds());
      body.put("cause", b.cause());
      body.put("endedByRun", b.endedByRun());
      body.put("text", text);
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void breachStarted(SlaBreach b) {
    sla.breachStarted(
        SlaBreach.breachId(b.product(), b.kind(), b.startedAtMillis()),
        b.product(),
        b.kind(),
        Instant.ofEpochMilli(b.startedAtMillis()),
        b.cause());
  }

  @Override
  public void breachEnded(SlaBreach b) {
    sla.breachEnded(
        SlaBreach.breachId(b.product(), b.kind(), b.startedAtMillis()),
        Instant.ofEpochMilli(b.endedAtMillis()),
        b.endedByRun());
  }

  @Override
  public ProbeResult probe(String product, String relation) {
    if (relation == null || !RELATION.matcher(relation).matches()) {
      return new ProbeResult(false, "no relation to read for " + product);
    }
    try {
      warehouse
          .jdbi()
          .useTransaction(
              h -> {
                h.execute("SET LOCAL statement_timeout = '5s'");
                h.createQuery("SELECT 1 FROM " + relation + " LIMIT 1").mapTo(Integer.class).list();
              });
      return new ProbeResult(true, null);
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null) cause = cause.getCause();
      String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      return new ProbeResult(false, message.lines().findFirst().orElse(message));
    }
  }
}
