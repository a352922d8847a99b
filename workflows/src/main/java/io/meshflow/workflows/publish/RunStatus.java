package io.meshflow.workflows.publish;

/** The outcome of a run. */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  FAILED
}
