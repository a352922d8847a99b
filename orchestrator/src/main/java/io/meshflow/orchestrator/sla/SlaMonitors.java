package io.meshflow.orchestrator.sla;

import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.Webhook;
import io.meshflow.orchestrator.catalog.SlaDao;
import io.meshflow.workers.sql.ProductAccess;
import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.activities.SlaBreach;
import io.meshflow.workflows.sla.SlaMonitorRequest;
import io.meshflow.workflows.sla.SlaMonitorWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps one SLA monitor ({@code sla/<product>}) per product whose contract declares an SLA, like
 * schedules are kept: started (from the catalog's state: the newest data, the open breaches) when
 * missing, given new targets when the contract's change, stopped when a product no longer has one.
 */
public final class SlaMonitors {
  /** What happened to one product's monitor. */
  public record Action(String product, String what) {}

  private final WorkflowClient client;
  private final SlaDao sla;
  private final Duration probeInterval;
  private final Clock clock;

  /**
   * @param probeInterval how often products with an availability target are probed
   */
  public SlaMonitors(WorkflowClient client, SlaDao sla, Duration probeInterval, Clock clock) {
    this.client = client;
    this.sla = sla;
    this.probeInterval = probeInterval;
    this.clock = clock;
  }

  /** How often availability is probed: {@code MESHFLOW_SLA_PROBE_INTERVAL} (e.g. 30s), else 1m. */
  public static Duration probeInterval(java.util.Map<String, String> env) {
    String value = env.get("MESHFLOW_SLA_PROBE_INTERVAL");
    return value == null || value.isBlank()
        ? Duration.ofMinutes(1)
        : io.meshflow.contracts.parse.ContractValues.duration(value.strip());
  }

  /** Brings the monitors in line with the SLAs of {@code mesh}'s contracts. */
  public List<Action> reconcile(Mesh mesh) {
    List<Action> actions = new ArrayList<>();
    Set<String> monitored = new HashSet<>();
    for (DataProductContract c : mesh.products()) {
      if (c.sla() == null || (c.sla().freshness() == null && c.sla().availabilityPercent() <= 0)) {
        continue;
      }
      String product = c.id().toString();
      monitored.add(product);
      Optional<SlaDao.Monitor> known = sla.monitor(product);
      if (known.isPresent() && !running(SlaMonitorRequest.workflowId(product))) {
        catchUp(known.get());
      }
      SlaMonitorRequest request = request(c);
      String what;
      try {
        start(request);
        what = known.isPresent() ? "resumed" : "started";
      } catch (WorkflowExecutionAlreadyStarted running) {
        boolean same =
            known.isPresent()
                && Objects.equals(
                    known.get().freshnessSeconds(), seconds(request.freshnessTargetMillis()))
                && Objects.equals(
                    known.get().probeSeconds(), seconds(request.probeIntervalMillis()))
                && known.get().relation().equals(request.relation())
                && known.get().runsOnFreshness() == request.runsOnFreshness();
        if (!same) {
          client
              .newWorkflowStub(SlaMonitorWorkflow.class, SlaMonitorRequest.workflowId(product))
              .retarget(request);
        }
        what = same ? "kept" : "retargeted";
      }
      sla.saveMonitor(
          product,
          SlaMonitorRequest.workflowId(product),
          seconds(request.freshnessTargetMillis()),
          c.sla().availabilityPercent() > 0 ? c.sla().availabilityPercent() : null,
          seconds(request.probeIntervalMillis()),
          request.relation(),
          known.map(SlaDao.Monitor::monitoredSince).orElse(clock.instant()),
          request.runsOnFreshness(),
          clock.instant());
      sla.deleteWebhooks(product);
      for (Webhook w : mesh.webhooks(c.id())) {
        sla.saveWebhook(product, w.name(), w.url(), w.format());
      }
      actions.add(new Action(product, what));
    }
    for (SlaDao.Monitor m : sla.monitors()) {
      if (monitored.contains(m.productId())) continue;
      try {
        client.newWorkflowStub(SlaMonitorWorkflow.class, m.workflowId()).stop();
      } catch (WorkflowNotFoundException gone) {
        // stopped already, or lost with an earlier embedded Temporal
      }
      sla.deleteMonitor(m.productId());
      actions.add(new Action(m.productId(), "removed"));
    }
    return actions;
  }

  /**
   * Records the freshness breaches of {@code m}'s product that no monitor saw (its monitor was not
   * running: {@code dev} stopped, an embedded Temporal lost), from the run history since its target
   * was set: each begins when the data's age passed the target and ends with the publish that
   * brought fresh data, as the monitor would have recorded it (a breach it did record is the same
   * one: nothing doubles). They are recorded, not alerted: they are history.
   */
  void catchUp(SlaDao.Monitor m) {
    if (m.freshnessSeconds() == null) return;
    String product = m.productId();
    Instant from = m.targetsSince();
    long dataTime =
        sla.newestDataAt(product, from).map(d -> d.dataTime().toEpochMilli()).orElse(0L);
    for (SlaBreach b :
        missed(
            product,
            m.freshnessSeconds() * 1000,
            dataTime,
            sla.dataPublishedSince(product, from))) {
      String id = SlaBreach.breachId(product, b.kind(), b.startedAtMillis());
      sla.breachStarted(
          id, product, b.kind(), Instant.ofEpochMilli(b.startedAtMillis()), b.cause());
      if (b.endedAtMillis() > 0) {
        sla.breachEnded(id, Instant.ofEpochMilli(b.endedAtMillis()), b.endedByRun());
      }
    }
  }

  /**
   * The freshness breaches a monitor with {@code targetMillis} would have recorded over {@code
   * publishes} (in the order they finished), the newest data being {@code dataTime} (0: none)
   * before the first; the last may be open ({@code endedAtMillis} 0).
   */
  static List<SlaBreach> missed(
      String product, long targetMillis, long dataTime, List<SlaDao.DataTime> publishes) {
    List<SlaBreach> breaches = new ArrayList<>();
    long since = 0;
    String cause = null;
    for (SlaDao.DataTime p : publishes) {
      long at = p.publishedAt().toEpochMilli();
      if (since == 0 && dataTime > 0 && at > dataTime + targetMillis) {
        since = dataTime + targetMillis;
        cause =
            "no data newer than "
                + Instant.ofEpochMilli(dataTime)
                + " (target "
                + Duration.ofMillis(targetMillis)
                + ")";
      }
      dataTime = Math.max(dataTime, p.dataTime().toEpochMilli());
      if (since > 0 && at - dataTime < targetMillis) {
        breaches.add(new SlaBreach(product, SlaBreach.FRESHNESS, since, at, cause, p.runId()));
        since = 0;
      }
    }
    if (since > 0) {
      breaches.add(new SlaBreach(product, SlaBreach.FRESHNESS, since, 0, cause, null));
    }
    return breaches;
  }

  private boolean running(String workflowId) {
    try {
      return client.newUntypedWorkflowStub(workflowId).describe().getStatus()
          == io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (RuntimeException notFound) {
      return false;
    }
  }

  /** The monitor of {@code c}, starting from what the catalog knows. */
  SlaMonitorRequest request(DataProductContract c) {
    String product = c.id().toString();
    long freshness = c.sla().freshness() == null ? 0 : c.sla().freshness().toMillis();
    long probe = c.sla().availabilityPercent() > 0 ? probeInterval.toMillis() : 0;
    String relation =
        c.access().policies().isEmpty()
            ? c.id().qualifiedTable()
            : ProductAccess.securedView(c.id());
    long dataTime = sla.newestData(product).map(d -> d.dataTime().toEpochMilli()).orElse(0L);
    List<Long> recent =
        new ArrayList<>(sla.recentRunMillis(product, SlaMonitorRequest.RECENT_RUNS));
    java.util.Collections.reverse(recent); // oldest first
    long freshnessBreach = 0;
    long unavailable = 0;
    for (SlaDao.Breach b : sla.open(product)) {
      if (b.kind().equals(SlaBreach.FRESHNESS)) freshnessBreach = b.startedAt().toEpochMilli();
      else unavailable = b.startedAt().toEpochMilli();
    }
    return new SlaMonitorRequest(
        product,
        freshness,
        probe,
        relation,
        dataTime,
        freshnessBreach,
        unavailable,
        clock.millis(),
        c.schedule() != null && c.schedule().onFreshness(),
        recent,
        0);
  }

  private void start(SlaMonitorRequest request) {
    SlaMonitorWorkflow monitor =
        client.newWorkflowStub(
            SlaMonitorWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(SlaMonitorRequest.workflowId(request.product()))
                .setTaskQueue(TaskQueues.PLATFORM)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setStaticSummary("SLA monitor of **" + request.product() + "**")
                .build());
    WorkflowClient.start(monitor::monitor, request);
  }

  private static Long seconds(long millis) {
    return millis == 0 ? null : millis / 1000;
  }
}
