package io.meshflow.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.workflows.access.AccessDecision;
import io.meshflow.workflows.access.AccessRequest;
import io.meshflow.workflows.access.AccessRequestWorkflow;
import io.meshflow.workflows.access.AccessRequestWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The access request workflow's waiting, with time skipping, and its replay. */
class AccessRequestWorkflowTest {
  static final AccessRequest REQUEST =
      new AccessRequest(
          "req-1",
          "orders.events",
          "analyst",
          "mesh_analyst",
          "alice",
          Duration.ofDays(30).toSeconds(),
          "Q3",
          "alice",
          Duration.ofDays(7).toSeconds(),
          0);

  FakeActivities activities;
  TestWorkflowEnvironment env;

  @BeforeEach
  void start() {
    activities = new FakeActivities();
    env = TestTemporal.start(activities, "orders");
  }

  @AfterEach
  void stop() {
    env.close();
  }

  static AccessRequestWorkflow start(WorkflowClient client, AccessRequest request) {
    AccessRequestWorkflow workflow =
        client.newWorkflowStub(
            AccessRequestWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(request.workflowId())
                .setTaskQueue(TaskQueues.PLATFORM)
                .build());
    WorkflowClient.start(workflow::run, request);
    return client.newWorkflowStub(AccessRequestWorkflow.class, request.workflowId());
  }

  @Test
  void anApprovedGrantEndsExactlyWhenItsDurationRunsOut() throws Exception {
    AccessRequestWorkflow workflow = start(env.getWorkflowClient(), REQUEST);
    env.sleep(Duration.ofHours(3));
    workflow.decide(new AccessDecision(true, "lee", null));
    workflow.decide(new AccessDecision(false, "someone else", null));
    env.sleep(Duration.ofDays(31));
    String status =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(REQUEST.workflowId())
            .getResult(String.class);
    assertThat(status).isEqualTo("EXPIRED");
    assertThat(activities.accessSteps).hasSize(3);
    String[] granted = activities.accessSteps.get(1).split(" ");
    String[] ended = activities.accessSteps.get(2).split(" ");
    assertThat(activities.accessSteps.get(0)).startsWith("requested alice ");
    assertThat(granted[0] + " " + granted[1]).isEqualTo("granted lee");
    long grantedAt = Long.parseLong(granted[2]);
    long expiresAt = Long.parseLong(granted[3]);
    assertThat(expiresAt - grantedAt).isEqualTo(Duration.ofDays(30).toMillis());
    assertThat(ended).containsExactly("ended", "EXPIRED", "meshflow", granted[3], granted[3]);
    WorkflowReplayer.replayWorkflowExecution(
        env.getWorkflowClient().fetchHistory(REQUEST.workflowId()),
        AccessRequestWorkflowImpl.class);
  }

  @Test
  void anUndecidedRequestLapsesAndADeniedOneGrantsNothing() {
    start(env.getWorkflowClient(), REQUEST);
    env.sleep(Duration.ofDays(8));
    assertThat(
            env.getWorkflowClient()
                .newUntypedWorkflowStub(REQUEST.workflowId())
                .getResult(String.class))
        .isEqualTo("LAPSED");
    AccessRequest bob =
        new AccessRequest(
            "req-2", "orders.events", "analyst", "mesh_analyst", "bob", 60, null, "bob", 600, 0);
    start(env.getWorkflowClient(), bob).decide(new AccessDecision(false, "lee", "no"));
    assertThat(
            env.getWorkflowClient()
                .newUntypedWorkflowStub(bob.workflowId())
                .getResult(String.class))
        .isEqualTo("DENIED");
    assertThat(activities.accessSteps)
        .extracting(s -> s.substring(0, s.indexOf(' ', s.indexOf(' ') + 1)))
        .containsExactly("requested alice", "closed LAPSED", "requested bob", "closed DENIED");
  }

  @Test
  void theRecordedHistoryOfAGrantReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/access-expired.json", AccessRequestWorkflowImpl.class);
  }
}
