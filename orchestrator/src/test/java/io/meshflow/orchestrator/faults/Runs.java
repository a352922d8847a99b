package io.meshflow.orchestrator.faults;

import io.meshflow.orchestrator.publish.RunHandle;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.workflows.publish.PublishWorkflow;
import io.meshflow.workflows.run.Step;
import io.meshflow.workflows.run.StepState;
import java.util.Optional;

/** Watching a run from a fault test. */
final class Runs {
  private Runs() {}

  /** Waits until the run's {@code step} is running on a worker. */
  static void awaitRunning(MeshStack stack, RunHandle run, Step step) throws Exception {
    PublishWorkflow workflow =
        stack
            .client()
            .newWorkflowStub(PublishWorkflow.class, run.workflowId(), Optional.of(run.runId()));
    for (int i = 0; i < 600; i++) {
      var progress = workflow.progress();
      if (progress.currentStep() == step
          && progress.steps().get(step.ordinal()).state() == StepState.RUNNING) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(step + " never ran");
  }
}
