package io.meshflow.workflows.run;

/** Where a step of a run stands. */
public enum StepState {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  SKIPPED
}
