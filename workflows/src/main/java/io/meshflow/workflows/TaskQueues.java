package io.meshflow.workflows;

/** Task-queue names: one per domain for its workflows and data activities, one for the platform. */
public final class TaskQueues {
  /** Catalog, lineage, schedule and SLA work. */
  public static final String PLATFORM = "meshflow.platform";

  private static final String DOMAIN_PREFIX = "meshflow.domain.";

  private TaskQueues() {}

  public static String domain(String domain) {
    return DOMAIN_PREFIX + domain;
  }
}
