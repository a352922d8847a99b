package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.orchestrator.publish.MeshPublisher;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.publish.RunHandle;
import io.meshflow.workflows.publish.PublishProgress;
import io.meshflow.workflows.run.StepRecord;
import io.meshflow.workflows.run.StepState;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;

/** Prints a line each time a step of a run starts, ends or is skipped. */
final class ProgressPrinter implements MeshPublisher.Listener {
  private final PrintWriter out;
  private final Set<String> printed = new HashSet<>();

  ProgressPrinter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void started(RunHandle run) {
    out.printf(
        "%-28s %s run %s (workflow %s)%n",
        run.product(), run.joined() ? "joined running" : "started", run.runId(), run.workflowId());
    if (run.conflict() != null) out.printf("%-28s warning: %s%n", run.product(), run.conflict());
    out.flush();
  }

  @Override
  public synchronized void retrying(RunHandle run, PublishService.Retry retry) {
    if (!printed.add(run.runId() + "/retry/" + retry.activity() + "/" + retry.attempt())) return;
    out.printf(
        "%-28s %-15s retrying (attempt %d): %s%n",
        run.product(),
        retry.activity().toLowerCase(java.util.Locale.ROOT),
        retry.attempt(),
        retry.reason());
    out.flush();
  }

  @Override
  public synchronized void progress(RunHandle run, PublishProgress progress) {
    for (StepRecord step : progress.steps()) {
      if (step.state() == StepState.PENDING) continue;
      if (!printed.add(run.runId() + "/" + step.step() + "/" + step.state())) continue;
      String detail =
          switch (step.state()) {
            case RUNNING -> "...";
            case SUCCEEDED ->
                "ok  "
                    + (step.rows() >= 0 ? Formats.count(step.rows()) + " rows, " : "")
                    + Formats.millis(step.durationMillis());
            case FAILED -> "FAILED after " + Formats.millis(step.durationMillis());
            case SKIPPED -> "skipped";
            case PENDING -> "";
          };
      out.printf("%-28s %-15s %s%n", run.product(), step.step().label(), detail);
    }
    out.flush();
  }

  @Override
  public synchronized void skipped(DataProductContract product, String reason) {
    out.printf("%-28s skipped: %s%n", product.id(), reason);
    out.flush();
  }
}
