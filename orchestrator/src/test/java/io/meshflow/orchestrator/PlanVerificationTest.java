package io.meshflow.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.publish.PublishWorkflow;
import io.meshflow.workflows.run.PublishPlan;
import io.meshflow.workflows.run.PublishRequest;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anyone who reaches Temporal can start a publish workflow with any input: a run's plan is trusted
 * only when the platform finds it to be the plan of a registered contract version.
 */
class PlanVerificationTest {
  @TempDir static Path home;
  static MeshStack stack;
  static Mesh mesh;
  static DataProductContract orders;
  static final GovernancePolicies POLICIES = new GovernanceLoader().load(Path.of("../governance"));

  @BeforeAll
  static void start() {
    mesh = new MeshLoader().load(Path.of("../domains"));
    orders = mesh.product(ProductId.parse("orders.order_events")).orElseThrow();
    stack =
        new StackLauncher(
                new MeshflowProperties(
                    home, Path.of("../domains"), Path.of("../governance"), null, null, null))
            .forCommand(StackLauncher.Needs.toRun(mesh));
    stack.services().publishing(mesh, POLICIES).register(orders);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  static ApplicationFailure failure(String id, Object input) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId("publish/forged/" + id)
            .setTaskQueue(TaskQueues.domain("orders"))
            .build();
    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> {
              var stub = stack.client().newUntypedWorkflowStub("Publish", options);
              stub.start(input);
              stub.getResult(Object.class);
            });
    assertThat(e).as(id).isNotNull();
    return (ApplicationFailure) e.getCause();
  }

  static PublishPlan withModel(PublishPlan p, String model) {
    return new PublishPlan(
        p.product(),
        p.version(),
        p.source(),
        model,
        p.fields(),
        p.checks(),
        p.evidenceRows(),
        p.maskAtTransform(),
        p.partitionColumn(),
        p.meshRoot(),
        p.followers(),
        p.contractFile(),
        p.allowEmpty(),
        p.maxShrinkPercent(),
        p.heartbeatMillis());
  }

  @Test
  void aPlanWithAnotherModelThanTheRegisteredOneFailsBeforeAnyDataMoves() {
    PublishPlan real = PublishPlan.of(orders, mesh);
    ApplicationFailure failure =
        failure(
            "model",
            new PublishRequest(
                withModel(real, "SELECT * FROM meshflow.runs"), "cli", PublishRequest.LATEST));
    assertThat(failure.getType()).isEqualTo("PlanRefused");
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "the plan of orders.order_events is not the plan of its registered version "
                + orders.version()
                + " (it differs in model)");
    long staged =
        stack
            .warehouse()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM pg_tables WHERE schemaname LIKE 'meshflow_staging%'")
                        .mapTo(Long.class)
                        .one());
    assertThat(staged).isZero();
  }

  @Test
  void anUnregisteredVersionAPartitionOfAnUnpartitionedProductAndAForbiddenTriggerAreRefused() {
    PublishPlan real = PublishPlan.of(orders, mesh);
    PublishPlan unregistered =
        new PublishPlan(
            real.product(),
            "99.0.0",
            real.source(),
            real.modelSql(),
            real.fields(),
            real.checks(),
            real.evidenceRows(),
            real.maskAtTransform(),
            real.partitionColumn(),
            real.meshRoot(),
            real.followers(),
            real.contractFile(),
            real.allowEmpty(),
            real.maxShrinkPercent(),
            real.heartbeatMillis());
    assertThat(
            failure("version", new PublishRequest(unregistered, "cli", PublishRequest.LATEST))
                .getOriginalMessage())
        .isEqualTo(
            "orders.order_events 99.0.0 is not registered in the catalog; runs start from"
                + " registered contracts (meshflow publish, the API, a schedule or a backfill)");
    assertThat(
            failure("partition", new PublishRequest(real, "cli", "../../x")).getOriginalMessage())
        .isEqualTo(
            "orders.order_events is not partitioned: its runs publish the whole product, not"
                + " '../../x'");
    assertThat(
            failure("trigger", new PublishRequest(real, "backfill", PublishRequest.LATEST))
                .getOriginalMessage())
        .isEqualTo(
            "orders.order_events cannot run by trigger 'backfill': it is not partitioned, so it"
                + " has no backfill");
  }

  @Test
  void anEmptyInputFailsTheWorkflowAtOnce() {
    ApplicationFailure failure = failure("empty", Map.of());
    assertThat(failure.getType()).isEqualTo("PlanRefused");
    assertThat(failure.getOriginalMessage())
        .startsWith("the run's input is not a publish request with a plan");
  }

  @Test
  void theRealPlanRuns() throws Exception {
    var run = stack.services().publishing(mesh, POLICIES).start(orders, "cli");
    assertThat(run.result().get().rowsOut()).isEqualTo(1200);
    assertThat(PublishWorkflow.workflowId("orders.order_events", PublishRequest.LATEST))
        .isEqualTo(run.workflowId());
  }
}
