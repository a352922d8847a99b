package io.meshflow.orchestrator.catalog;

/**
 * One check of a product across its recent runs.
 *
 * @param runs how many of the recent runs evaluated the check
 * @param passed how many of them it passed
 * @param latestSuccess whether it passed in the latest run that evaluated it
 */
public record CheckHistoryRow(
    String checkName,
    String assertion,
    String severity,
    long runs,
    long passed,
    boolean latestSuccess,
    String latestObserved,
    String latestExpected,
    String latestRunId) {

  /** Passed runs as a percentage of evaluated runs. */
  public double passRate() {
    return runs == 0 ? 0.0 : 100.0 * passed / runs;
  }
}
