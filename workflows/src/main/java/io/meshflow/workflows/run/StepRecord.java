package io.meshflow.workflows.run;

/**
 * One step of a run as it stands.
 *
 * @param startedAtMillis workflow time when the step started, 0 if it has not
 * @param rows rows the step produced (loaded, transformed, checked or published), or -1
 */
public record StepRecord(
    Step step,
    StepState state,
    long startedAtMillis,
    long durationMillis,
    long rows,
    String error) {

  public static StepRecord pending(Step step) {
    return new StepRecord(step, StepState.PENDING, 0, 0, -1, null);
  }

  public StepRecord running(long now) {
    return new StepRecord(step, StepState.RUNNING, now, 0, -1, null);
  }

  public StepRecord succeeded(long now, long rows) {
    return new StepRecord(
        step, StepState.SUCCEEDED, startedAtMillis, now - startedAtMillis, rows, null);
  }

  public StepRecord failed(long now, String error) {
    return new StepRecord(
        step, StepState.FAILED, startedAtMillis, now - startedAtMillis, rows, error);
  }

  public StepRecord skipped() {
    return new StepRecord(step, StepState.SKIPPED, 0, 0, -1, null);
  }
}
