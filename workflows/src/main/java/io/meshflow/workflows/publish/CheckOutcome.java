package io.meshflow.workflows.publish;

import io.meshflow.contracts.model.Severity;

/**
 * The result of one quality check on one run's output.
 *
 * @param observed the measured value in words, e.g. {@code 3 of 4000 values outside [0, 10000]}
 * @param elementCount rows considered (nulls excluded except for the not-null check)
 * @param unexpectedCount considered rows that failed the expectation
 * @param unexpectedPercent 100 × unexpected / considered (0 when nothing was considered)
 */
public record CheckOutcome(
    String name,
    String assertion,
    String column,
    Severity severity,
    boolean success,
    String observed,
    String expected,
    long elementCount,
    long unexpectedCount,
    double unexpectedPercent,
    double threshold) {

  /** Whether this result stops the run. */
  public boolean blocksPublish() {
    return !success && severity == Severity.ERROR;
  }
}
