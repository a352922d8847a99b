package io.meshflow.workflows.activities;

import io.meshflow.workflows.run.CheckOutcome;
import java.util.List;

/**
 * Every check's outcome.
 *
 * @param rows rows in the checked table
 * @param statements how many SQL statements evaluated the checks
 */
public record ValidateResult(
    List<CheckOutcome> outcomes, long rows, int statements, long sqlMillis) {
  public ValidateResult {
    outcomes = List.copyOf(outcomes);
  }
}
