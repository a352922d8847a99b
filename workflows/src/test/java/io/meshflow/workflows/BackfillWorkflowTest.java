package io.meshflow.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.model.Partitioning;
import io.meshflow.workflows.backfill.BackfillProgress;
import io.meshflow.workflows.backfill.BackfillRequest;
import io.meshflow.workflows.backfill.BackfillWorkflow;
import io.meshflow.workflows.run.RunStarted;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backfill workflow: merging ranges, bounded fan-out, pause, cancel, retries, continue-as-new.
 */
class BackfillWorkflowTest {
  private TestWorkflowEnvironment env;
  private FakeActivities activities;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    activities = new FakeActivities();
    activities.transformMillis = 200;
    env = TestTemporal.start(activities, "orders");
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private BackfillWorkflow backfill(String from, String to, BackfillRequest request) {
    BackfillWorkflow stub =
        client.newWorkflowStub(
            BackfillWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(BackfillWorkflow.workflowId("orders.events"))
                .setTaskQueue(TaskQueues.domain("orders"))
                .build());
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(stub::run, request);
    batch.add(stub::backfill, from, to);
    client.signalWithStart(batch);
    return client.newWorkflowStub(
        BackfillWorkflow.class, BackfillWorkflow.workflowId("orders.events"));
  }

  private static BackfillRequest request(int concurrency, int continueAfter) {
    return new BackfillRequest(
        PublishWorkflowTest.PLAN,
        Partitioning.Granularity.DAY,
        concurrency,
        2,
        continueAfter,
        List.of(),
        0,
        Map.of(),
        Map.of(),
        false);
  }

  private void awaitEnd() {
    client
        .newUntypedWorkflowStub(BackfillWorkflow.workflowId("orders.events"))
        .getResult(Void.class);
  }

  /** Polls the progress query until the state is reached: signals race the first task. */
  private static BackfillProgress awaitProgress(
      BackfillWorkflow backfill, Predicate<BackfillProgress> reached) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      BackfillProgress progress = backfill.progress();
      if (reached.test(progress)) return progress;
      assertThat(System.nanoTime())
          .as("backfill never reached the state: " + progress)
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private List<String> partitionsRun() {
    return activities.started.stream().map(RunStarted::partition).sorted().toList();
  }

  @Test
  void rangesMergeAndEveryPartitionRunsOnceWithBoundedConcurrency() {
    activities.transformMillis = 500;
    BackfillWorkflow backfill = backfill("2026-03-01", "2026-03-05", request(3, 500));
    backfill.backfill("2026-03-04", "2026-03-08");
    awaitEnd();
    assertThat(partitionsRun())
        .containsExactly(
            "2026-03-01",
            "2026-03-02",
            "2026-03-03",
            "2026-03-04",
            "2026-03-05",
            "2026-03-06",
            "2026-03-07",
            "2026-03-08");
    assertThat(activities.mostAtOnce.get()).isBetween(2, 3);
    assertThat(activities.samePartitionTwice).hasValue(0);
    assertThat(activities.started).extracting(RunStarted::trigger).containsOnly("backfill");
    BackfillProgress done = backfill.progress();
    assertThat(done.done()).isEqualTo(8);
    assertThat(done.queued()).isEmpty();
    assertThat(done.running()).isEmpty();
    assertThat(done.failed()).isEmpty();
  }

  @Test
  void pauseStopsNewPartitionsWhileRunningOnesFinishAndResumeGoesOn() throws Exception {
    activities.transformMillis = 400;
    BackfillWorkflow backfill = backfill("2026-03-01", "2026-03-04", request(1, 500));
    awaitProgress(backfill, p -> !p.running().isEmpty());
    backfill.pause();
    BackfillProgress paused = awaitProgress(backfill, p -> p.running().isEmpty());
    assertThat(paused.paused()).isTrue();
    assertThat(paused.running()).isEmpty();
    assertThat(paused.done()).isEqualTo(1);
    assertThat(paused.queued()).containsExactly("2026-03-02", "2026-03-03", "2026-03-04");
    backfill.resume();
    awaitEnd();
    assertThat(partitionsRun())
        .containsExactly("2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04");
  }

  @Test
  void cancelStartsNothingMore() throws Exception {
    activities.transformMillis = 1000;
    BackfillWorkflow backfill = backfill("2026-03-01", "2026-03-10", request(1, 500));
    awaitProgress(backfill, p -> !p.running().isEmpty());
    backfill.cancel();
    awaitEnd();
    assertThat(partitionsRun()).containsExactly("2026-03-01");
    assertThat(backfill.progress().cancelled()).isTrue();
    assertThat(backfill.progress().queued()).isEmpty();
  }

  @Test
  void aFailingPartitionIsRetriedThenReportedAndTheOthersPublish() {
    activities.failingPartitions.add("2026-03-02");
    BackfillWorkflow backfill = backfill("2026-03-01", "2026-03-03", request(2, 500));
    awaitEnd();
    BackfillProgress progress = backfill.progress();
    assertThat(progress.done()).isEqualTo(2);
    assertThat(progress.failed())
        .containsExactly(Map.entry("2026-03-02", "bad data in 2026-03-02"));
    assertThat(partitionsRun())
        .containsExactly("2026-03-01", "2026-03-02", "2026-03-02", "2026-03-03");
  }

  @Test
  void aPartitionWhoseRunIsAlreadyGoingWaitsForItAndRunsAgainWithoutFailing() throws Exception {
    var hold = new java.util.concurrent.CountDownLatch(1);
    activities.holds.put("orders.events/2026-03-02", hold);
    var window =
        io.meshflow.contracts.model.PartitionWindow.of(Partitioning.Granularity.DAY, "2026-03-02");
    var going =
        WorkflowClient.start(
            client.newWorkflowStub(
                    io.meshflow.workflows.publish.PublishWorkflow.class,
                    WorkflowOptions.newBuilder()
                        .setWorkflowId("publish/orders.events/2026-03-02")
                        .setTaskQueue(TaskQueues.domain("orders"))
                        .build())
                ::publish,
            new io.meshflow.workflows.run.PublishRequest(
                PublishWorkflowTest.PLAN, "cli", "2026-03-02", window));
    BackfillWorkflow backfill = backfill("2026-03-01", "2026-03-03", request(2, 500));
    BackfillProgress waiting = awaitProgress(backfill, p -> p.done() == 2 && p.running().isEmpty());
    assertThat(waiting.queued()).containsExactly("2026-03-02");
    assertThat(waiting.failed()).isEmpty();
    hold.countDown();
    client
        .newUntypedWorkflowStub(
            "publish/orders.events/2026-03-02",
            java.util.Optional.of(going.getRunId()),
            java.util.Optional.empty())
        .getResult(io.meshflow.workflows.run.PublishResult.class);
    awaitEnd();
    BackfillProgress done = backfill.progress();
    assertThat(done.done()).isEqualTo(3);
    assertThat(done.failed()).isEmpty();
    assertThat(activities.started)
        .extracting(s -> s.partition() + " " + s.trigger())
        .containsExactlyInAnyOrder(
            "2026-03-01 backfill", "2026-03-02 cli", "2026-03-02 backfill", "2026-03-03 backfill");
    assertThat(activities.samePartitionTwice).hasValue(0);
  }

  @Test
  void continueAsNewKeepsTheProgressAndTheHistoryBounded() {
    BackfillWorkflow backfill = backfill("2026-03-01", "2026-03-07", request(2, 2));
    awaitEnd();
    assertThat(partitionsRun()).hasSize(7).doesNotHaveDuplicates();
    assertThat(backfill.progress().done()).isEqualTo(7);
    var history = client.fetchHistory(BackfillWorkflow.workflowId("orders.events"));
    assertThat(
            history
                .getEvents()
                .get(0)
                .getWorkflowExecutionStartedEventAttributes()
                .getContinuedExecutionRunId())
        .isNotEmpty();
    assertThat(WorkflowStub.fromTyped(backfill).describe().getStatus())
        .isEqualTo(
            io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }
}
