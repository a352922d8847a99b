package io.meshflow.workflows.sla;

import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.activities.ProbeResult;
import io.meshflow.workflows.activities.SlaActivities;
import io.meshflow.workflows.activities.SlaAlert;
import io.meshflow.workflows.activities.SlaBreach;
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

/**
 * The monitor's loop: take the publishes signalled, open a freshness breach at the exact instant
 * the data's age passes its target, close it at the publish that brings fresh data, probe
 * availability on its interval, and sleep until the next of those instants. History stays bounded:
 * it continues as new after a number of events.
 */
public class SlaMonitorWorkflowImpl implements SlaMonitorWorkflow {
  /** Events (breaches, probes, publishes) after which the monitor continues as new. */
  static final int EVENTS_PER_RUN = 500;

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

  private long nextWake() {
    long deadline = freshnessDeadline();
    long probe = probing() ? state.nextProbeMillis() : 0;
    if (deadline == 0) return probe;
    if (probe == 0) return deadline;
    return Math.min(deadline, probe);
  }

  /** A publish brings the data time forward; fresh data ends a freshness breach. */
  private void take(Published p) {
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
        nextProbe);
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
