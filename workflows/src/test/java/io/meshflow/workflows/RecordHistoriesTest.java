package io.meshflow.workflows;

import io.meshflow.workflows.backfill.BackfillRequest;
import io.meshflow.workflows.backfill.BackfillWorkflow;
import io.meshflow.workflows.publish.PublishWorkflow;
import io.meshflow.workflows.run.PublishPlan;
import io.meshflow.workflows.run.PublishRequest;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the replay fixtures; run with -Dmeshflow.recordHistories=true. A fixture that exists is
 * kept: each is a history recorded by the code of its time, which today's code must replay.
 */
@EnabledIfSystemProperty(named = "meshflow.recordHistories", matches = "true")
class RecordHistoriesTest {
  private static final Path DIR = Path.of("src/test/resources/histories");

  @Test
  void record() throws Exception {
    record(
        "publish-succeeded",
        (client, activities) -> {
          publish(client, PublishWorkflowTest.PLAN);
          return "publish/orders.events/latest";
        });
    record(
        "publish-failed",
        (client, activities) -> {
          activities.transformViolation = "schema mismatch";
          try {
            publish(client, PublishWorkflowTest.PLAN);
          } catch (RuntimeException expected) {
            // the failed history is what we want
          }
          return "publish/orders.events/latest";
        });
    record(
        "publish-triggering",
        (client, activities) -> {
          activities.downstream.put(
              "orders.events",
              List.of(
                  new PublishRequest(
                      UpstreamTriggerWorkflowTest.REVENUE, "upstream", PublishRequest.LATEST)));
          publish(client, PublishWorkflowTest.PLAN);
          client
              .newUntypedWorkflowStub("publish/billing.revenue/latest")
              .getResult(io.meshflow.workflows.run.PublishResult.class);
          return "publish/orders.events/latest";
        });
    record(
        "backfill",
        (client, activities) -> {
          activities.failingPartitions.add("2026-03-02");
          BackfillWorkflow stub =
              client.newWorkflowStub(
                  BackfillWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId(BackfillWorkflow.workflowId("orders.events"))
                      .setTaskQueue(TaskQueues.domain("orders"))
                      .build());
          BatchRequest batch = client.newSignalWithStartRequest();
          batch.add(
              stub::run,
              BackfillRequest.start(
                  PublishWorkflowTest.PLAN,
                  io.meshflow.contracts.model.Partitioning.Granularity.DAY,
                  2));
          batch.add(stub::backfill, "2026-03-01", "2026-03-04");
          client.signalWithStart(batch);
          client
              .newUntypedWorkflowStub(BackfillWorkflow.workflowId("orders.events"))
              .getResult(Void.class);
          return BackfillWorkflow.workflowId("orders.events");
        });
  }

  @Test
  void recordAccess() throws Exception {
    Path file = DIR.resolve("access-expired.json");
    if (Files.exists(file)) return;
    try (TestWorkflowEnvironment env = TestTemporal.start(new FakeActivities(), "orders")) {
      var workflow =
          AccessRequestWorkflowTest.start(
              env.getWorkflowClient(), AccessRequestWorkflowTest.REQUEST);
      workflow.decide(new io.meshflow.workflows.access.AccessDecision(true, "lee", "ok"));
      env.sleep(java.time.Duration.ofDays(31));
      env.getWorkflowClient()
          .newUntypedWorkflowStub(AccessRequestWorkflowTest.REQUEST.workflowId())
          .getResult(String.class);
      Files.writeString(
          file,
          env.getWorkflowClient()
              .fetchHistory(AccessRequestWorkflowTest.REQUEST.workflowId())
              .toJson(true));
    }
  }

  private static void publish(WorkflowClient client, PublishPlan plan) {
    client
        .newWorkflowStub(
            PublishWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("publish/orders.events/latest")
                .setTaskQueue(TaskQueues.domain("orders"))
                .build())
        .publish(new PublishRequest(plan, "cli", PublishRequest.LATEST));
  }

  private static void record(
      String name, BiFunction<WorkflowClient, FakeActivities, String> scenario) throws Exception {
    Path file = DIR.resolve(name + ".json");
    if (Files.exists(file)) return;
    FakeActivities activities = new FakeActivities();
    try (TestWorkflowEnvironment env = TestTemporal.start(activities, "orders", "billing")) {
      String workflowId = scenario.apply(env.getWorkflowClient(), activities);
      Files.writeString(file, env.getWorkflowClient().fetchHistory(workflowId).toJson(true));
    }
  }
}
