package io.meshflow.workflows.run;

/** The outcome of a run. */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  FAILED
}
