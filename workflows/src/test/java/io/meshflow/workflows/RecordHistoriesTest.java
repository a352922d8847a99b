package io.meshflow.workflows;

import io.meshflow.workflows.publish.PublishRequest;
import io.meshflow.workflows.publish.PublishWorkflow;
import io.meshflow.workflows.publish.PublishWorkflowImpl;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Records the replay fixtures; run with -Dmeshflow.recordHistories=true. */
@EnabledIfSystemProperty(named = "meshflow.recordHistories", matches = "true")
class RecordHistoriesTest {
  @Test
  void record() throws Exception {
    for (boolean fail : new boolean[] {false, true}) {
      try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
        for (var key : MeshflowSearchAttributes.ALL) {
          env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
        FakeActivities activities = new FakeActivities();
        if (fail) activities.transformViolation = "schema mismatch";
        Worker domain = env.newWorker(TaskQueues.domain("orders"));
        domain.registerWorkflowImplementationTypes(PublishWorkflowImpl.class);
        domain.registerActivitiesImplementations(activities);
        env.newWorker(TaskQueues.PLATFORM).registerActivitiesImplementations(activities);
        env.start();
        PublishWorkflow wf =
            env.getWorkflowClient()
                .newWorkflowStub(
                    PublishWorkflow.class,
                    WorkflowOptions.newBuilder()
                        .setWorkflowId("publish/orders.events/latest")
                        .setTaskQueue(TaskQueues.domain("orders"))
                        .build());
        try {
          wf.publish(new PublishRequest(PublishWorkflowTest.PLAN, "cli", PublishRequest.LATEST));
        } catch (RuntimeException expected) {
          // the failed history is what we want
        }
        String json =
            env.getWorkflowClient().fetchHistory("publish/orders.events/latest").toJson(true);
        Files.writeString(
            Path.of(
                "src/test/resources/histories/publish-"
                    + (fail ? "failed" : "succeeded")
                    + ".json"),
            json);
      }
    }
  }
}
