package io.meshflow.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.model.Partitioning;
import io.meshflow.workflows.run.RunStarted;
import io.meshflow.workflows.schedule.ScheduleRequest;
import io.meshflow.workflows.schedule.ScheduledPublishWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A product's cron schedule on the test server with time skipping: it fires as often as its cron
 * says.
 */
class ScheduledPublishWorkflowTest {
  private TestWorkflowEnvironment env;
  private FakeActivities activities;

  @BeforeEach
  void start() {
    activities = new FakeActivities();
    env = TestTemporal.start(activities, "orders");
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private void schedule(String cron, Partitioning.Granularity granularity) {
    ScheduledPublishWorkflow schedule =
        env.getWorkflowClient()
            .newWorkflowStub(
                ScheduledPublishWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(ScheduledPublishWorkflow.workflowId("orders.events"))
                    .setTaskQueue(TaskQueues.domain("orders"))
                    .setCronSchedule(cron)
                    .build());
    WorkflowClient.start(
        schedule::tick, new ScheduleRequest(PublishWorkflowTest.PLAN, granularity));
  }

  @Test
  void anHourlyScheduleRunsTheProductOnceAnHour() {
    long start = env.currentTimeMillis();
    schedule("0 * * * *", null);
    env.sleep(Duration.ofHours(3).plusMinutes(1));
    // one run per hour boundary crossed: 3, or 4 when the test starts in an hour's last minute
    assertThat(activities.started).hasSize(ticks(start, env.currentTimeMillis(), 3_600_000L, 0));
    assertThat(activities.started).extracting(RunStarted::trigger).containsOnly("schedule");
    assertThat(activities.started).extracting(RunStarted::partition).containsOnly("latest");
    assertThat(activities.started)
        .extracting(RunStarted::workflowId)
        .containsOnly("publish/orders.events/latest");
  }

  @Test
  void aDailyScheduleOfAPartitionedProductRunsEachDaysLatestCompletePartition() {
    long start = env.currentTimeMillis();
    schedule("0 2 * * *", Partitioning.Granularity.DAY);
    env.sleep(Duration.ofDays(2).plusHours(1));
    int ticks = ticks(start, env.currentTimeMillis(), 86_400_000L, 7_200_000L);
    assertThat(activities.started).hasSize(ticks);
    LocalDate first =
        Instant.ofEpochMilli(activities.started.get(0).startedAtMillis())
            .atZone(ZoneOffset.UTC)
            .toLocalDate();
    assertThat(activities.started)
        .extracting(RunStarted::partition)
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, ticks)
                .mapToObj(i -> first.minusDays(1).plusDays(i).toString())
                .toList());
    assertThat(activities.started.get(1).workflowId()).isEqualTo("publish/orders.events/" + first);
  }

  /** How many instants {@code offset + k × period} lie in {@code (from, to]}: a cron's ticks. */
  private static int ticks(long from, long to, long period, long offset) {
    return (int) (Math.floorDiv(to - offset, period) - Math.floorDiv(from - offset, period));
  }
}
