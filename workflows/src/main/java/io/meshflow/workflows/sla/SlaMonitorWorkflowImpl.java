package io.meshflow.workflows.sla;

import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.activities.ProbeResult;
import io.meshflow.workflows.activities.SlaActivities;
import io.meshflow.workflows.activities.SlaAlert;
import io.meshflow.workflows.activities.SlaBreach;
import io.meshflow.workflows.activities.TriggerActivities;
import io.meshflow.workflows.publish.PublishRuns;
import io.meshflow.workflows.publish.PublishWorkflow;
import io.meshflow.workflows.run.PublishRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The monitor's loop: take the publishes signalled, open a freshness breach at the exact instant
 * the data's age passes its target, close it at the publish that brings fresh data, probe
 * availability on its interval, and sleep until the next of those instants. History stays bounded:
 * it continues as new after a number of events.
 */
public class SlaMonitorWorkflowImpl implements SlaMonitorWorkflow {
  /** Events (breaches, probes, publishes) after which the monitor continues as new. */
  static final int EVENTS_PER_RUN = 500;

  /**
   * How far ahead of its deadline a freshness-driven run starts while no run's duration is known.
   */
  static final long DEFAULT_LEAD_MILLIS = 60_000;

  private static final Logger LOG = Workflow.getLogger(SlaMonitorWorkflowImpl.class);

  /** Recording waits for the catalog as long as it takes: a breach must not be lost. */
  private final SlaActivities record =
      Workflow.newActivityStub(
          SlaActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.PLATFORM)
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setBackoffCoefficient(2.0)
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .build())
              .build());

  /** A probe is tried once: its failure is an answer (the product could not be read). */
  private final SlaActivities probes =
      Workflow.newActivityStub(
          SlaActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.PLATFORM)
              .setStartToCloseTimeout(Duration.ofSeconds(20))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
              .build());

  /** Finding the run to start is tried a few times; a monitor never stops for it. */
  private final TriggerActivities runs =
      Workflow.newActivityStub(
          TriggerActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.PLATFORM)
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
              .build());

  private SlaMonitorRequest state;
  private final List<Published> pending = new ArrayList<>();
  private SlaMonitorRequest targets;
  private boolean stopped;

  @Override
  public void monitor(SlaMonitorRequest request) {
    state = request;
    int events = 0;
    while (!stopped) {
      if (targets != null) {
        state = state.retargeted(targets);
        targets = null;
      }
      while (!pending.isEmpty()) {
        take(pending.remove(0));
        events++;
      }
      long now = Workflow.currentTimeMillis();
      long deadline = freshnessDeadline();
      if (deadline > 0 && now >= deadline) {
        // the breach began when the data's age passed the target, whenever this task runs
        started(
            new SlaBreach(
                state.product(),
                SlaBreach.FRESHNESS,
                deadline,
                0,
                "no data newer than "
                    + java.time.Instant.ofEpochMilli(state.dataTimeMillis())
                    + " (target "
                    + Duration.ofMillis(state.freshnessTargetMillis())
                    + ")",
                null));
        state =
            with(
                state.dataTimeMillis(),
                deadline,
                state.unavailableSinceMillis(),
                state.nextProbeMillis());
        events++;
      }
      long runAt = freshnessRunAt();
      if (runAt > 0 && now >= runAt) {
        startRun(now);
        events++;
      }
      // a product is readable from its first publish on: before, there is nothing to probe
      if (probing() && now >= state.nextProbeMillis()) {
        probe(now);
        events++;
      }
      if (events >= EVENTS_PER_RUN && pending.isEmpty() && targets == null) {
        Workflow.continueAsNew(state);
        return;
      }
      long wake = nextWake();
      if (wake == 0) {
        Workflow.await(() -> !pending.isEmpty() || targets != null || stopped);
      } else {
        Workflow.await(
            Duration.ofMillis(Math.max(1, wake - Workflow.currentTimeMillis())),
            () -> !pending.isEmpty() || targets != null || stopped);
      }
    }
  }

  private boolean probing() {
    return state.probeIntervalMillis() > 0 && state.dataTimeMillis() > 0;
  }

  /** When the data goes stale, or 0: no target, no data yet, or stale already. */
  private long freshnessDeadline() {
    if (state.freshnessTargetMillis() <= 0 || state.dataTimeMillis() <= 0) return 0;
    if (state.freshnessBreachSinceMillis() > 0) return 0;
    return state.dataTimeMillis() + state.freshnessTargetMillis();
  }

  /** The earliest of the instants due (0 for none). */
  private long nextWake() {
    long wake = 0;
    for (long at :
        new long[] {
          freshnessDeadline(), probing() ? state.nextProbeMillis() : 0, freshnessRunAt()
        }) {
      if (at > 0 && (wake == 0 || at < wake)) wake = at;
    }
    return wake;
  }

  /**
   * When to start the product's next run so that it stays fresh, or 0: {@link #lead()} ahead of the
   * freshness deadline, once per deadline; while stale, again each freshness target (or lead, if
   * longer) after the last run the monitor started, as long as the data stays stale. Only once the
   * product has published: its first run is someone's to start.
   */
  private long freshnessRunAt() {
    long target = state.freshnessTargetMillis();
    if (!state.runsOnFreshness() || target <= 0 || state.dataTimeMillis() <= 0) return 0;
    long last = state.runStartedMillis();
    if (state.freshnessBreachSinceMillis() > 0) {
      return last == 0
          ? state.freshnessBreachSinceMillis()
          : Math.max(last + Math.max(target, lead()), state.freshnessBreachSinceMillis());
    }
    long at = state.dataTimeMillis() + target - lead();
    return last >= at ? 0 : Math.max(at, 1);
  }

  /**
   * How long ahead of the deadline a run starts: the product's typical run (the median of its last
   * runs) and half that again, for runs slower than usual; a minute while no run's duration is
   * known.
   */
  long lead() {
    List<Long> recent = new ArrayList<>(state.recentRunMillis());
    if (recent.isEmpty()) return DEFAULT_LEAD_MILLIS;
    recent.sort(null);
    long typical = recent.get(recent.size() / 2);
    return typical + typical / 2;
  }

  /**
   * Starts the product's run ({@code freshness} trigger) as a workflow that outlives the monitor; a
   * run of the same product and partition already going is joined. Its publish signals the monitor
   * like any other. Trouble here is logged: the deadline's breach will tell.
   */
  private void startRun(long now) {
    state = withRunStarted(now);
    PublishRequest run;
    try {
      run = runs.freshnessRun(state.product());
    } catch (io.temporal.failure.ActivityFailure failure) {
      LOG.warn("{}: no run started to keep it fresh: {}", state.product(), rootMessage(failure));
      return;
    }
    if (run == null) return; // no longer freshness-driven: the reconcile will retarget
    PublishWorkflow child =
        Workflow.newChildWorkflowStub(
            PublishWorkflow.class,
            PublishRuns.childOptions(run.plan(), run.partition(), run.trigger(), "to keep it fresh")
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .build());
    Async.procedure(child::publish, run);
    try {
      Workflow.getWorkflowExecution(child).get();
    } catch (ChildWorkflowFailure joined) {
      // a run of it is going already: its publish will do
    }
  }

  /**
   * A publish brings the data time forward; fresh data ends a freshness breach; its run's duration
   * joins the recent ones.
   */
  private void take(Published p) {
    if (p.runMillis() > 0) {
      List<Long> recent = new ArrayList<>(state.recentRunMillis());
      recent.add(p.runMillis());
      while (recent.size() > SlaMonitorRequest.RECENT_RUNS) recent.remove(0);
      state = withRecentRuns(recent);
    }
    long dataTime = Math.max(state.dataTimeMillis(), p.dataTimeMillis());
    long breach = state.freshnessBreachSinceMillis();
    if (breach > 0
        && p.dataTimeMillis() > 0
        && p.atMillis() - dataTime < state.freshnessTargetMillis()) {
      ended(
          new SlaBreach(
              state.product(),
              SlaBreach.FRESHNESS,
              breach,
              Math.max(breach, p.atMillis()),
              null,
              p.runId()));
      breach = 0;
    }
    state = with(dataTime, breach, state.unavailableSinceMillis(), state.nextProbeMillis());
  }

  /**
   * Probes on a fixed grid (start, start + interval, …): each probe stands for its instant on the
   * grid, so intervals between probes are exact whatever the task's latency; a monitor that fell
   * behind probes once, for the latest instant due.
   */
  private void probe(long now) {
    long interval = state.probeIntervalMillis();
    long at = state.nextProbeMillis();
    if (now - at >= interval) at += (now - at) / interval * interval;
    ProbeResult result;
    try {
      result = probes.probe(state.product(), state.relation());
    } catch (io.temporal.failure.ActivityFailure failure) {
      result = new ProbeResult(false, "the probe did not answer: " + rootMessage(failure));
    }
    long since = state.unavailableSinceMillis();
    if (!result.readable() && since == 0) {
      started(new SlaBreach(state.product(), SlaBreach.AVAILABILITY, at, 0, result.cause(), null));
      since = at;
    } else if (result.readable() && since > 0) {
      ended(new SlaBreach(state.product(), SlaBreach.AVAILABILITY, since, at, null, null));
      since = 0;
    }
    state = with(state.dataTimeMillis(), state.freshnessBreachSinceMillis(), since, at + interval);
  }

  /** Records a breach's start and alerts. */
  private void started(SlaBreach breach) {
    record.breachStarted(breach);
    alert(SlaAlert.BREACH, breach);
  }

  /** Records a breach's end and alerts the recovery. */
  private void ended(SlaBreach breach) {
    record.breachEnded(breach);
    alert(SlaAlert.RECOVERY, breach);
  }

  /**
   * Raises an alert: its delivery is a workflow of its own, left running whatever the monitor does
   * next, and started once per alert id (a second start of the same alert is refused).
   */
  private void alert(String event, SlaBreach breach) {
    SlaAlert alert = new SlaAlert(event, breach);
    AlertWorkflow delivery =
        Workflow.newChildWorkflowStub(
            AlertWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(AlertWorkflow.workflowId(alert))
                .setTaskQueue(TaskQueues.PLATFORM)
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build());
    Async.procedure(delivery::deliver, alert);
    try {
      Workflow.getWorkflowExecution(delivery).get();
    } catch (ChildWorkflowFailure raisedBefore) {
      // delivered (or being delivered) already: each alert goes out once
    }
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) t = t.getCause();
    return t.getMessage();
  }

  private SlaMonitorRequest with(long dataTime, long breach, long unavailable, long nextProbe) {
    return new SlaMonitorRequest(
        state.product(),
        state.freshnessTargetMillis(),
        state.probeIntervalMillis(),
        state.relation(),
        dataTime,
        breach,
        unavailable,
        nextProbe,
        state.runsOnFreshness(),
        state.recentRunMillis(),
        state.runStartedMillis());
  }

  private SlaMonitorRequest withRecentRuns(List<Long> recent) {
    return new SlaMonitorRequest(
        state.product(),
        state.freshnessTargetMillis(),
        state.probeIntervalMillis(),
        state.relation(),
        state.dataTimeMillis(),
        state.freshnessBreachSinceMillis(),
        state.unavailableSinceMillis(),
        state.nextProbeMillis(),
        state.runsOnFreshness(),
        recent,
        state.runStartedMillis());
  }

  private SlaMonitorRequest withRunStarted(long at) {
    return new SlaMonitorRequest(
        state.product(),
        state.freshnessTargetMillis(),
        state.probeIntervalMillis(),
        state.relation(),
        state.dataTimeMillis(),
        state.freshnessBreachSinceMillis(),
        state.unavailableSinceMillis(),
        state.nextProbeMillis(),
        state.runsOnFreshness(),
        state.recentRunMillis(),
        at);
  }

  @Override
  public void published(Published publish) {
    pending.add(publish);
  }

  @Override
  public void retarget(SlaMonitorRequest targets) {
    this.targets = targets;
  }

  @Override
  public void stop() {
    stopped = true;
  }

  @Override
  public SlaMonitorRequest state() {
    return state;
  }
}
