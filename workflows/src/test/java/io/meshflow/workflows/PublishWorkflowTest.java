package io.meshflow.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.model.Expectation;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.contracts.model.Severity;
import io.meshflow.contracts.model.SourceType;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workflows.publish.PublishProgress;
import io.meshflow.workflows.publish.PublishWorkflow;
import io.meshflow.workflows.publish.PublishWorkflowImpl;
import io.meshflow.workflows.run.PublishPlan;
import io.meshflow.workflows.run.PublishRequest;
import io.meshflow.workflows.run.PublishResult;
import io.meshflow.workflows.run.RunStatus;
import io.meshflow.workflows.run.SourcePlan;
import io.meshflow.workflows.run.StepRecord;
import io.meshflow.workflows.run.StepState;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publish workflow on Temporal's test server, with its activities stood in for. */
class PublishWorkflowTest {
  static final PublishPlan PLAN =
      new PublishPlan(
          ProductId.parse("orders.events"),
          "1.2.0",
          new SourcePlan(SourceType.CSV, "/data/events.csv", ','),
          "SELECT id FROM {{ source() }}",
          List.of(
              new FieldSpec(
                  SqlIdentifier.of("id"), FieldType.STRING, null, true, false, false, null)),
          List.of(
              QualityCheck.of(
                      Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL, SqlIdentifier.of("id"))
                  .build()),
          20,
          false,
          null,
          null,
          null,
          "orders/events.yaml",
          false,
          null,
          0);

  private TestWorkflowEnvironment env;
  private FakeActivities activities;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    activities = new FakeActivities();
    env = TestTemporal.start(activities, "orders");
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private PublishWorkflow workflow() {
    return client.newWorkflowStub(
        PublishWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(PublishWorkflow.workflowId("orders.events", PublishRequest.LATEST))
            .setTaskQueue(TaskQueues.domain("orders"))
            .build());
  }

  @Test
  void successfulRunPassesEveryStepAndRecordsItInTheCatalog() {
    PublishWorkflow workflow = workflow();
    PublishResult result = workflow.publish(new PublishRequest(PLAN, "cli", PublishRequest.LATEST));

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.rowsIn()).isEqualTo(12);
    assertThat(result.rowsOut()).isEqualTo(10);
    assertThat(result.publishedTable()).isEqualTo("\"orders\".\"events\"");
    assertThat(result.steps()).extracting(StepRecord::state).containsOnly(StepState.SUCCEEDED);
    assertThat(activities.started)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.runId()).isEqualTo(result.runId());
              assertThat(s.workflowId()).isEqualTo("publish/orders.events/latest");
              assertThat(s.trigger()).isEqualTo("cli");
            });
    assertThat(activities.recorded)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
              assertThat(r.rowsIn()).isEqualTo(12);
              assertThat(r.rowsOut()).isEqualTo(10);
              assertThat(r.checks()).hasSize(1);
              assertThat(r.steps()).extracting(StepRecord::state).containsOnly(StepState.SUCCEEDED);
              assertThat(r.error()).isNull();
            });
    assertThat(activities.discards).hasValue(0);
    assertThat(activities.lineage)
        .extracting(l -> l.eventType() + " " + l.runId() + " " + l.rowsOut())
        .containsExactly("START " + result.runId() + " -1", "COMPLETE " + result.runId() + " 10");
    assertThat(activities.lineage.get(1).checks()).hasSize(1);

    PublishProgress progress = workflow.progress();
    assertThat(progress.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(progress.steps()).extracting(s -> s.rows()).containsExactly(12L, 10L, 10L, 10L, -1L);
  }

  @Test
  void transientActivityFailureIsRetriedAndTheRunSucceeds() {
    activities.transientExtractFailures = 2;
    PublishResult result =
        workflow().publish(new PublishRequest(PLAN, "cli", PublishRequest.LATEST));
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(activities.extractAttempts).hasValue(3);
  }

  @Test
  void contractViolationFailsTheRunAtOnceWithoutRetriesOrPublishing() {
    activities.transformViolation =
        "the model of orders.events does not match its contract's schema";
    WorkflowFailedException failure =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> workflow().publish(new PublishRequest(PLAN, "cli", PublishRequest.LATEST)));

    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    assertThat(((ApplicationFailure) failure.getCause()).getType()).isEqualTo("ContractViolation");
    assertThat(((ApplicationFailure) failure.getCause()).getOriginalMessage())
        .isEqualTo("the model of orders.events does not match its contract's schema");
    assertThat(activities.transformAttempts).hasValue(1);
    assertThat(activities.publishAttempts).hasValue(0);
    assertThat(activities.discards).hasValue(1);
    assertThat(activities.lineage)
        .extracting(l -> l.eventType() + " " + l.error())
        .containsExactly(
            "START null", "FAIL the model of orders.events does not match its contract's schema");
    assertThat(activities.recorded)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(RunStatus.FAILED);
              assertThat(r.error())
                  .isEqualTo("the model of orders.events does not match its contract's schema");
              assertThat(r.steps())
                  .extracting(StepRecord::state)
                  .containsExactly(
                      StepState.SUCCEEDED,
                      StepState.FAILED,
                      StepState.SKIPPED,
                      StepState.SKIPPED,
                      StepState.SUCCEEDED);
            });
  }

  @Test
  void aRefusedPlanFailsTheRunBeforeAnyDataMoves() {
    activities.planRefusal = "orders.events 1.2.0 is not registered in the catalog";
    WorkflowFailedException failure =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> workflow().publish(new PublishRequest(PLAN, "cli", PublishRequest.LATEST)));

    assertThat(((ApplicationFailure) failure.getCause()).getType()).isEqualTo("PlanRefused");
    assertThat(activities.verified)
        .singleElement()
        .satisfies(c -> assertThat(c.plan()).isEqualTo(PLAN));
    assertThat(activities.extractAttempts).hasValue(0);
    assertThat(activities.transformAttempts).hasValue(0);
    assertThat(activities.publishAttempts).hasValue(0);
    assertThat(activities.recorded)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(RunStatus.FAILED);
              assertThat(r.error())
                  .isEqualTo("orders.events 1.2.0 is not registered in the catalog");
              assertThat(r.steps())
                  .extracting(StepRecord::state)
                  .containsExactly(
                      StepState.SKIPPED,
                      StepState.SKIPPED,
                      StepState.SKIPPED,
                      StepState.SKIPPED,
                      StepState.SUCCEEDED);
            });
  }

  @Test
  void anInputWithoutAPlanFailsTheWorkflowAtOnce() {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "Publish",
            WorkflowOptions.newBuilder()
                .setWorkflowId("publish/forged/latest")
                .setTaskQueue(TaskQueues.domain("orders"))
                .setWorkflowTaskTimeout(java.time.Duration.ofSeconds(2))
                .build());
    stub.start(java.util.Map.of());
    WorkflowFailedException failure =
        catchThrowableOfType(WorkflowFailedException.class, () -> stub.getResult(Object.class));

    assertThat(((ApplicationFailure) failure.getCause()).getType()).isEqualTo("PlanRefused");
    assertThat(((ApplicationFailure) failure.getCause()).getOriginalMessage())
        .startsWith("the run's input is not a publish request with a plan");
    assertThat(activities.started).isEmpty();
  }

  @Test
  void failingErrorCheckStopsTheRunBeforePublish() {
    activities.check = FakeActivities.outcome(false, Severity.ERROR);
    WorkflowFailedException failure =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> workflow().publish(new PublishRequest(PLAN, "cli", PublishRequest.LATEST)));
    assertThat(((ApplicationFailure) failure.getCause()).getType()).isEqualTo("QualityCheckFailed");
    assertThat(((ApplicationFailure) failure.getCause()).getOriginalMessage())
        .isEqualTo(
            "1 quality check failed:\n  - expect_column_values_to_not_be_null(id) [error]: 2 of 10 values are null (20%);"
                + " expected all values not null");
    assertThat(activities.publishAttempts).hasValue(0);
    assertThat(activities.recorded)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(RunStatus.FAILED);
              assertThat(r.checks())
                  .singleElement()
                  .satisfies(c -> assertThat(c.success()).isFalse());
            });
  }

  @Test
  void failingWarnCheckIsRecordedAndTheRunPublishes() {
    activities.check = FakeActivities.outcome(false, Severity.WARN);
    PublishResult result =
        workflow().publish(new PublishRequest(PLAN, "cli", PublishRequest.LATEST));
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(activities.publishAttempts).hasValue(1);
    assertThat(result.checks()).singleElement().satisfies(c -> assertThat(c.success()).isFalse());
  }

  @Test
  void cancelledRunDiscardsItsStagingAndIsRecordedAsFailed() throws Exception {
    activities.transformMillis = 3000;
    PublishWorkflow workflow = workflow();
    WorkflowClient.start(workflow::publish, new PublishRequest(PLAN, "cli", PublishRequest.LATEST));
    while (activities.transformAttempts.get() == 0) Thread.sleep(20);
    WorkflowStub.fromTyped(workflow).cancel();
    WorkflowFailedException failure =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> WorkflowStub.fromTyped(workflow).getResult(PublishResult.class));
    assertThat(failure.getCause()).isInstanceOf(CanceledFailure.class);
    assertThat(activities.discards).hasValue(1);
    assertThat(activities.publishAttempts).hasValue(0);
    assertThat(activities.recorded)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(RunStatus.FAILED);
              assertThat(r.error()).isEqualTo("the run was cancelled");
            });
    assertThat(activities.lineage).extracting(l -> l.eventType()).containsExactly("START", "ABORT");
  }

  @Test
  void historiesOfThisRunAndOfARecordedRunReplayDeterministically() throws Exception {
    activities.transientExtractFailures = 1;
    PublishWorkflow workflow = workflow();
    workflow.publish(new PublishRequest(PLAN, "cli", PublishRequest.LATEST));
    WorkflowExecutionHistory history = client.fetchHistory("publish/orders.events/latest");
    WorkflowReplayer.replayWorkflowExecution(history, PublishWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/publish-succeeded.json", PublishWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/publish-failed.json", PublishWorkflowImpl.class);
    // a run that started a follower's run, and a backfill with a retried partition
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/publish-triggering.json", PublishWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/backfill.json", io.meshflow.workflows.backfill.BackfillWorkflowImpl.class);
  }

  @Test
  void aLostSourceIsExtractedAgainInsteadOfPublishingWhatIsLeft() {
    activities.lostSources = 1;
    PublishResult result =
        workflow().publish(new PublishRequest(PLAN, "cli", PublishRequest.LATEST));
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(activities.extractAttempts).hasValue(2);
    assertThat(activities.transformAttempts).hasValue(2);
    assertThat(activities.expectedSourceRows).containsExactly(12L, 12L);
    assertThat(activities.publishAttempts).hasValue(1);
  }

  @Test
  void aSourceLostAgainAndAgainFailsTheRunWithTheReason() {
    activities.lostSources = 5;
    WorkflowFailedException failure =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> workflow().publish(new PublishRequest(PLAN, "cli", PublishRequest.LATEST)));
    assertThat(((ApplicationFailure) failure.getCause()).getType()).isEqualTo("StagingLost");
    assertThat(activities.extractAttempts).hasValue(3);
    assertThat(activities.publishAttempts).hasValue(0);
    assertThat(activities.recorded)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(RunStatus.FAILED);
              assertThat(r.error())
                  .isEqualTo(
                      "meshflow_staging.s_src holds 0 rows, not the 12 the extract step wrote");
            });
  }

  @Test
  void aFailedCleanUpStillEndsTheRunInTheCatalog() {
    activities.transformViolation = "column x is missing";
    activities.discardFails = true;
    WorkflowFailedException failure =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> workflow().publish(new PublishRequest(PLAN, "cli", PublishRequest.LATEST)));
    assertThat(((ApplicationFailure) failure.getCause()).getOriginalMessage())
        .isEqualTo("column x is missing");
    assertThat(activities.discards).hasValue(1);
    assertThat(activities.recorded)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(RunStatus.FAILED);
              assertThat(r.error()).isEqualTo("column x is missing");
            });
  }
}
