package io.meshflow.contracts.model;

/** What a failing quality check does to a run. */
public enum Severity {
  /** The run fails and nothing is published. */
  ERROR,
  /** The failure is recorded and shown; the run publishes. */
  WARN
}
