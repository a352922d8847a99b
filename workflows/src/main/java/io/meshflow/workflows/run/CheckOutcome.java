package io.meshflow.workflows.run;

import io.meshflow.contracts.model.Severity;
import java.util.List;

/**
 * The result of one quality check on one run's output.
 *
 * @param observed what was measured, in words, e.g. {@code 3 of 4000 values are outside [0, 10]}
 * @param expected what the contract promises, in words
 * @param elementCount rows considered (nulls excluded except by the null checks); {@code null} for
 *     checks that do not go row by row
 * @param unexpectedCount considered rows that failed, or {@code null}
 * @param unexpectedPercent 100 × unexpected / considered (0 when nothing was considered), or {@code
 *     null}
 * @param threshold GE's {@code mostly} for row-by-row checks, else {@code null}
 * @param failingRows up to N example rows that failed, each a JSON object with PII masked as
 *     published
 * @param error why the check could not run (PostgreSQL's message), or {@code null} when it ran; a
 *     check that could not run has not succeeded, and stops the run only at severity {@code error}
 * @param observedValue what an aggregate, row-count, freshness or {@code sql} check measured, as
 *     text (GE's {@code observed_value}); {@code null} for row-by-row checks, which report counts
 */
public record CheckOutcome(
    String name,
    String assertion,
    String column,
    Severity severity,
    boolean success,
    String observed,
    String expected,
    Long elementCount,
    Long unexpectedCount,
    Double unexpectedPercent,
    Double threshold,
    List<String> failingRows,
    String error,
    String observedValue) {

  public CheckOutcome {
    failingRows = failingRows == null ? List.of() : List.copyOf(failingRows);
  }

  /** A check that could not run, and why. */
  public static CheckOutcome errored(
      String name,
      String assertion,
      String column,
      Severity severity,
      String expected,
      String error) {
    return new CheckOutcome(
        name,
        assertion,
        column,
        severity,
        false,
        "could not run: " + error,
        expected,
        null,
        null,
        null,
        null,
        List.of(),
        error,
        null);
  }

  /** Whether the check could not run. */
  public boolean errored() {
    return error != null;
  }

  /** Whether this result stops the run. */
  public boolean blocksPublish() {
    return !success && severity == Severity.ERROR;
  }

  /** The same outcome with example failing rows attached. */
  public CheckOutcome withFailingRows(List<String> rows) {
    return new CheckOutcome(
        name,
        assertion,
        column,
        severity,
        success,
        observed,
        expected,
        elementCount,
        unexpectedCount,
        unexpectedPercent,
        threshold,
        rows,
        error,
        observedValue);
  }

  /** The same outcome with GE's {@code observed_value}. */
  public CheckOutcome withObservedValue(String value) {
    return new CheckOutcome(
        name,
        assertion,
        column,
        severity,
        success,
        observed,
        expected,
        elementCount,
        unexpectedCount,
        unexpectedPercent,
        threshold,
        failingRows,
        error,
        value);
  }
}
