package io.meshflow.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.workflows.sla.Published;
import io.meshflow.workflows.sla.SlaMonitorRequest;
import io.meshflow.workflows.sla.SlaMonitorWorkflow;
import io.meshflow.workflows.sla.SlaMonitorWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SLA monitor on the test server with time skipping: breaches as exact intervals. */
class SlaMonitorWorkflowTest {
  static final long HOUR = Duration.ofHours(1).toMillis();
  static final long MINUTE = Duration.ofMinutes(1).toMillis();

  FakeActivities activities;
  TestWorkflowEnvironment env;
  long t0;

  @BeforeEach
  void start() {
    activities = new FakeActivities();
    env = TestTemporal.start(activities, "orders");
    t0 = env.currentTimeMillis();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  SlaMonitorWorkflow monitor(SlaMonitorRequest request) {
    SlaMonitorWorkflow stub =
        env.getWorkflowClient()
            .newWorkflowStub(
                SlaMonitorWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(SlaMonitorRequest.workflowId(request.product()))
                    .setTaskQueue(TaskQueues.PLATFORM)
                    .build());
    WorkflowClient.start(stub::monitor, request);
    return env.getWorkflowClient()
        .newWorkflowStub(SlaMonitorWorkflow.class, SlaMonitorRequest.workflowId(request.product()));
  }

  /** Sleeps until {@code offset} after t0 on the test server's clock. */
  void until(long offset) {
    long left = t0 + offset - env.currentTimeMillis();
    if (left > 0) env.sleep(Duration.ofMillis(left));
  }

  @Test
  void thirtyDaysOfPublishesGiveExactFreshnessBreaches() throws Exception {
    // a 6-hour target; data published with its own time 10 minutes before each publish
    SlaMonitorWorkflow monitor =
        monitor(
            new SlaMonitorRequest(
                "orders.events", 6 * HOUR, 0, "\"orders\".\"events\"", t0, 0, 0, 0));
    long[] publishes = {
      5 * HOUR, // fresh: within 6h of t0
      20 * HOUR, // stale since 11h (5h + 6h): breach 11h → 20h
      24 * 3 * HOUR, // stale since 26h: breach 26h → 72h
      24 * 3 * HOUR + 30 * MINUTE, // fresh again, nothing
      24 * 29 * HOUR // stale since 72.5h + 6h = 78.5h: breach 78.5h → 29d
    };
    for (int i = 0; i < publishes.length; i++) {
      until(publishes[i]);
      monitor.published(
          new Published("run-" + i, t0 + publishes[i] - 10 * MINUTE, t0 + publishes[i]));
    }
    until(24 * 30 * HOUR);
    assertThat(activities.breaches)
        .containsExactly(
            "freshness " + (t0 + 11 * HOUR - 10 * MINUTE) + "-" + (t0 + 20 * HOUR) + " by run-1",
            "freshness " + (t0 + 26 * HOUR - 10 * MINUTE) + "-" + (t0 + 72 * HOUR) + " by run-2",
            "freshness "
                + (t0 + 72 * HOUR + 30 * MINUTE - 10 * MINUTE + 6 * HOUR)
                + "-"
                + (t0 + 24 * 29 * HOUR)
                + " by run-4",
            "freshness " + (t0 + 24 * 29 * HOUR - 10 * MINUTE + 6 * HOUR) + "-open");
    // each breach and each recovery raised one alert
    assertThat(activities.alerts)
        .containsExactly(
            "orders.events/freshness/" + (t0 + 11 * HOUR - 10 * MINUTE) + "/breach",
            "orders.events/freshness/" + (t0 + 11 * HOUR - 10 * MINUTE) + "/recovery",
            "orders.events/freshness/" + (t0 + 26 * HOUR - 10 * MINUTE) + "/breach",
            "orders.events/freshness/" + (t0 + 26 * HOUR - 10 * MINUTE) + "/recovery",
            "orders.events/freshness/" + (t0 + 78 * HOUR + 20 * MINUTE) + "/breach",
            "orders.events/freshness/" + (t0 + 78 * HOUR + 20 * MINUTE) + "/recovery",
            "orders.events/freshness/"
                + (t0 + 24 * 29 * HOUR - 10 * MINUTE + 6 * HOUR)
                + "/breach");
    assertThat(activities.freshnessRuns).isEmpty();
    monitor.stop();
    env.getWorkflowClient()
        .newUntypedWorkflowStub(SlaMonitorRequest.workflowId("orders.events"))
        .getResult(Void.class);
    WorkflowReplayer.replayWorkflowExecution(
        env.getWorkflowClient().fetchHistory(SlaMonitorRequest.workflowId("orders.events")),
        SlaMonitorWorkflowImpl.class);
  }

  @Test
  void aFreshnessDrivenProductIsRunAheadOfEachDeadlineByItsTypicalRun() {
    activities.clock = env::currentTimeMillis;
    // a 1-hour target; its last runs took 4, 6 and 5 minutes: typical 5m, so runs start 7.5m ahead
    SlaMonitorWorkflow monitor =
        monitor(
            new SlaMonitorRequest(
                "orders.events",
                HOUR,
                0,
                "\"orders\".\"events\"",
                t0,
                0,
                0,
                0,
                true,
                List.of(4 * MINUTE, 6 * MINUTE, 5 * MINUTE),
                0));
    until(53 * MINUTE); // the run asked for at 52.5m publishes at 53m
    monitor.published(new Published("r1", t0 + 53 * MINUTE, t0 + 53 * MINUTE, 5 * MINUTE));
    // the next, asked for at 113m - 7.5m, fails: the product goes stale at 113m; one more run
    // an hour after the last one, which takes 20 minutes (the median stays 5m)
    until(170 * MINUTE);
    monitor.published(new Published("r3", t0 + 170 * MINUTE, t0 + 170 * MINUTE, 20 * MINUTE));
    until(225 * MINUTE);
    assertThat(activities.freshnessRuns.stream().map(t -> (t - t0) / 1000).toList())
        .containsExactly(3150L, 6330L, 9930L, 13350L);
    assertThat(activities.breaches)
        .containsExactly("freshness " + (t0 + 113 * MINUTE) + "-" + (t0 + 170 * MINUTE) + " by r3");
    assertThat(monitor.state().recentRunMillis())
        .containsExactly(4 * MINUTE, 6 * MINUTE, 5 * MINUTE, 5 * MINUTE, 20 * MINUTE);
  }

  @Test
  void aProbeFailingForTenMinutesIsTenMinutesOfUnavailability() {
    monitor(
        new SlaMonitorRequest("orders.events", 0, MINUTE, "\"orders\".\"events\"", t0, 0, 0, t0));
    // probes run every minute on the minute; the product is unreadable from 30m30s to 40m30s
    until(30 * MINUTE + 30_000);
    activities.readable = false;
    until(40 * MINUTE + 30_000);
    activities.readable = true;
    until(60 * MINUTE + 30_000);
    assertThat(activities.breaches)
        .containsExactly(
            "availability " + (t0 + 31 * MINUTE) + "-" + (t0 + 41 * MINUTE) + " by null");
    assertThat(activities.probeCount.get()).isEqualTo(61);
  }

  @Test
  void nothingIsProbedBeforeTheFirstPublish() {
    SlaMonitorWorkflow monitor =
        monitor(
            new SlaMonitorRequest(
                "orders.events", HOUR, MINUTE, "\"orders\".\"events\"", 0, 0, 0, t0));
    activities.readable = false;
    until(10 * MINUTE + 30_000);
    assertThat(activities.probeCount.get()).isZero();
    activities.readable = true;
    monitor.published(new Published("first", t0 + 10 * MINUTE, t0 + 10 * MINUTE));
    until(12 * MINUTE + 30_000);
    assertThat(activities.probeCount.get()).isEqualTo(3);
    assertThat(activities.breaches).isEmpty();
  }

  @Test
  void aLongWatchContinuesAsNewAndKeepsItsState() {
    SlaMonitorWorkflow monitor =
        monitor(
            new SlaMonitorRequest(
                "orders.events", HOUR, MINUTE, "\"orders\".\"events\"", t0, 0, 0, t0));
    until(2 * HOUR);
    until(24 * HOUR);
    monitor.published(new Published("late", t0 + 24 * HOUR, t0 + 24 * HOUR));
    until(24 * HOUR + 30 * MINUTE);
    assertThat(activities.breaches)
        .containsExactly("freshness " + (t0 + HOUR) + "-" + (t0 + 24 * HOUR) + " by late");
    List<?> runs =
        env.getWorkflowClient()
            .getWorkflowServiceStubs()
            .blockingStub()
            .listClosedWorkflowExecutions(
                io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(env.getNamespace())
                    .build())
            .getExecutionsList();
    // 1,470 probes: the monitor continued as new twice (every 500 events)
    assertThat(runs).hasSizeGreaterThanOrEqualTo(2);
    assertThat(monitor.state().dataTimeMillis()).isEqualTo(t0 + 24 * HOUR);
  }
}
