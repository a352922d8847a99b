package io.meshflow.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.model.ProductId;
import io.meshflow.workflows.publish.PublishWorkflow;
import io.meshflow.workflows.run.PublishPlan;
import io.meshflow.workflows.run.PublishRequest;
import io.meshflow.workflows.run.PublishResult;
import io.meshflow.workflows.run.RunStarted;
import io.meshflow.workflows.run.TriggeredRun;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upstream triggers: a successful publish starts its followers' runs, never one twice at once. */
class UpstreamTriggerWorkflowTest {
  static final PublishPlan REVENUE =
      new PublishPlan(
          ProductId.parse("billing.revenue"),
          "2.0.0",
          null,
          "SELECT id FROM {{ ref('orders.events') }}",
          PublishWorkflowTest.PLAN.fields(),
          PublishWorkflowTest.PLAN.checks(),
          20,
          false,
          null,
          null,
          null,
          "billing/revenue.yaml",
          false,
          null,
          0);

  private TestWorkflowEnvironment env;
  private FakeActivities activities;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    activities = new FakeActivities();
    activities.downstream.put(
        "orders.events", List.of(new PublishRequest(REVENUE, "upstream", PublishRequest.LATEST)));
    env = TestTemporal.start(activities, "orders", "billing");
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private PublishWorkflow stub(String product, String domain) {
    return client.newWorkflowStub(
        PublishWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(PublishWorkflow.workflowId(product, PublishRequest.LATEST))
            .setTaskQueue(TaskQueues.domain(domain))
            .build());
  }

  private PublishResult awaitRun(String workflowId, String runId) {
    return client
        .newUntypedWorkflowStub(
            workflowId, java.util.Optional.of(runId), java.util.Optional.empty())
        .getResult(PublishResult.class);
  }

  private List<RunStarted> runsOf(String product) {
    return activities.started.stream().filter(s -> s.product().equals(product)).toList();
  }

  @Test
  void eachUpstreamPublishStartsTheDownstreamRunExactlyOnce() {
    for (int i = 1; i <= 2; i++) {
      PublishResult upstream =
          stub("orders.events", "orders")
              .publish(new PublishRequest(PublishWorkflowTest.PLAN, "cli", PublishRequest.LATEST));
      TriggeredRun triggered = upstream.triggered().get(0);
      assertThat(upstream.triggered()).hasSize(1);
      assertThat(triggered.product()).isEqualTo("billing.revenue");
      assertThat(triggered.workflowId()).isEqualTo("publish/billing.revenue/latest");
      assertThat(triggered.joined()).isFalse();
      PublishResult downstream = awaitRun(triggered.workflowId(), triggered.runId());
      assertThat(downstream.product()).isEqualTo("billing.revenue");

      List<RunStarted> runs = runsOf("billing.revenue");
      assertThat(runs).hasSize(i);
      RunStarted last = runs.get(i - 1);
      assertThat(last.runId()).isEqualTo(triggered.runId());
      assertThat(last.trigger()).isEqualTo("upstream");
      assertThat(last.parentWorkflowId()).isEqualTo("publish/orders.events/latest");
      assertThat(last.parentRunId()).isEqualTo(upstream.runId());
    }
    assertThat(runsOf("orders.events")).hasSize(2);
    // the downstream product's publish asks for followers of its own too (it has none)
    assertThat(activities.upstreamPublished)
        .extracting(u -> u.product().toString())
        .containsExactly("orders.events", "billing.revenue", "orders.events", "billing.revenue");
    assertThat(activities.lineage)
        .filteredOn(l -> l.plan().product().toString().equals("billing.revenue"))
        .extracting(l -> l.eventType() + " " + l.parentWorkflowId())
        .containsExactly(
            "START publish/orders.events/latest",
            "COMPLETE publish/orders.events/latest",
            "START publish/orders.events/latest",
            "COMPLETE publish/orders.events/latest");
  }

  @Test
  void aRunPlannedWithoutFollowersDoesNotAskForThem() {
    PublishPlan p = PublishWorkflowTest.PLAN;
    PublishPlan alone =
        new PublishPlan(
            p.product(),
            p.version(),
            p.source(),
            p.modelSql(),
            p.fields(),
            p.checks(),
            p.evidenceRows(),
            p.maskAtTransform(),
            p.partitionColumn(),
            "/mesh",
            List.of(),
            p.contractFile(),
            p.allowEmpty(),
            p.maxShrinkPercent(),
            p.heartbeatMillis());
    PublishResult upstream =
        stub("orders.events", "orders")
            .publish(new PublishRequest(alone, "cli", PublishRequest.LATEST));
    assertThat(upstream.triggered()).isEmpty();
    assertThat(activities.upstreamPublished).isEmpty();
    assertThat(runsOf("billing.revenue")).isEmpty();
  }

  @Test
  void aDownstreamRunAlreadyGoingIsJoinedNotStartedTwice() {
    CountDownLatch hold = new CountDownLatch(1);
    activities.holds.put("billing.revenue", hold);
    WorkflowExecution going =
        WorkflowClient.start(
            stub("billing.revenue", "billing")::publish,
            new PublishRequest(REVENUE, "cli", PublishRequest.LATEST));

    PublishResult upstream =
        stub("orders.events", "orders")
            .publish(new PublishRequest(PublishWorkflowTest.PLAN, "cli", PublishRequest.LATEST));
    hold.countDown();

    assertThat(upstream.triggered())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.joined()).isTrue();
              assertThat(t.workflowId()).isEqualTo("publish/billing.revenue/latest");
              assertThat(t.runId()).isNull();
            });
    awaitRun("publish/billing.revenue/latest", going.getRunId());
    assertThat(runsOf("billing.revenue"))
        .singleElement()
        .satisfies(s -> assertThat(s.trigger()).isEqualTo("cli"));
  }
}
