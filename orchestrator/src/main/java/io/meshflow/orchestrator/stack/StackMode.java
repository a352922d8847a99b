package io.meshflow.orchestrator.stack;

/** How a Meshflow process takes part in the stack. */
public enum StackMode {
  /** Everything in this process, for one command: Temporal test server, PostgreSQL, all workers. */
  EMBEDDED,
  /** Everything in this process, kept running, with Temporal and PostgreSQL on local ports. */
  DEV,
  /**
   * A client of a running dev stack or of an external deployment: starts runs, hosts no workers.
   */
  CLIENT,
  /** A worker process for one or more domains (and/or the platform) of an existing stack. */
  WORKER
}
