package io.meshflow.orchestrator.cli;

import io.meshflow.orchestrator.catalog.CheckRow;
import io.meshflow.orchestrator.catalog.RunDetail;
import io.meshflow.orchestrator.catalog.RunRow;
import io.meshflow.orchestrator.catalog.StepRow;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meshflow runs}: recent runs from the run store, and one run's steps. */
@Component
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List recent runs (newest first), or show one with `runs show RUN_ID`.")
public class RunsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--product", paramLabel = "PRODUCT", description = "Only runs of this product.")
  String product;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "How many runs (default ${DEFAULT-VALUE}).")
  int limit;

  @Mixin JsonOption json = new JsonOption();

  private final StackLauncher launcher;

  public RunsCommand(StackLauncher launcher) {
    this.launcher = launcher;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (MeshStack stack = launcher.forCommand(new StackLauncher.Needs(false, List.of()))) {
      List<RunRow> runs = stack.catalog().runs().recent(limit, product);
      if (json.on) {
        out.println(Formats.json(runs));
        out.flush();
        return 0;
      }
      if (runs.isEmpty()) {
        out.println(
            "no runs yet in the catalog of the home "
                + launcher.home()
                + " (MESHFLOW_HOME); publish something with ./meshflow publish --all");
        out.flush();
        return 0;
      }
      TextTable table =
          new TextTable(
                  "RUN ID",
                  "PRODUCT",
                  "VERSION",
                  "PARTITION",
                  "TRIGGER",
                  "STATUS",
                  "STARTED",
                  "DURATION",
                  "ROWS OUT",
                  "ERROR")
              .alignRight(7, 8);
      for (RunRow r : runs) {
        table.add(
            r.runId(),
            r.productId(),
            r.version(),
            r.partitionKey(),
            r.trigger(),
            r.status().name(),
            Formats.time(r.startedAt()),
            Formats.duration(r.duration()),
            Formats.count(r.rowsOut()),
            firstLine(r.error()));
      }
      table.print(out);
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show one run's steps and check results.")
  int show(
      @Parameters(paramLabel = "RUN_ID", description = "A run id, or a unique prefix of one.")
          String runId,
      @Option(
              names = "--json",
              description =
                  "Print the run as JSON, as GET /api/v1/runs/{id} gives it: its steps, and every"
                      + " check with Meshflow's fields and Great Expectations' result shape"
                      + " (great_expectations).")
          boolean json) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (MeshStack stack = launcher.forCommand(new StackLauncher.Needs(false, List.of()))) {
      Optional<RunDetail> found = stack.catalog().runs().find(runId);
      if (found.isEmpty()) {
        err.println(
            "no run with id (or unique id prefix) '"
                + runId
                + "' in the catalog of the home "
                + launcher.home()
                + " (MESHFLOW_HOME)");
        err.flush();
        return 1;
      }
      RunDetail d = found.get();
      if (json) {
        out.println(Formats.json(d));
        out.flush();
        return 0;
      }
      RunRow r = d.run();
      out.printf(
          "run       %s%nworkflow  %s%nproduct   %s %s (%s)%ntrigger   %s%nstatus    %s%n",
          r.runId(),
          r.workflowId(),
          r.productId(),
          r.version(),
          r.partitionKey(),
          r.trigger(),
          r.status());
      if (r.parentWorkflowId() != null) {
        out.printf("parent    %s (run %s)%n", r.parentWorkflowId(), r.parentRunId());
      }
      out.printf(
          "started   %s%nduration  %s%nrows      %s in, %s out%n",
          Formats.time(r.startedAt()),
          Formats.duration(r.duration()),
          Formats.count(r.rowsIn()),
          Formats.count(r.rowsOut()));
      if (r.publishedTable() != null) out.printf("published %s%n", r.publishedTable());
      if (r.note() != null) out.printf("source    %s%n", r.note());
      if (r.newestEventAt() != null || r.newestIngestionAt() != null) {
        out.printf(
            "newest    %s%n",
            String.join(
                ", ",
                java.util.stream.Stream.of(
                        r.newestEventAt() == null
                            ? null
                            : "event " + Formats.time(r.newestEventAt()),
                        r.newestIngestionAt() == null
                            ? null
                            : "ingested " + Formats.time(r.newestIngestionAt()))
                    .filter(java.util.Objects::nonNull)
                    .toList()));
      }
      out.println();
      TextTable steps =
          new TextTable("STEP", "STATE", "ROWS", "DURATION", "ERROR").alignRight(2, 3);
      for (StepRow s : d.steps()) {
        steps.add(
            s.step(),
            s.state(),
            Formats.count(s.rowCount()),
            Formats.millis(s.durationMs()),
            firstLine(s.error()));
      }
      steps.print(out);
      if (!d.checks().isEmpty()) {
        out.println();
        TextTable checks = new TextTable("CHECK", "SEVERITY", "RESULT", "OBSERVED", "EXPECTED");
        for (CheckRow c : d.checks()) {
          checks.add(
              c.checkName(),
              c.severity(),
              c.success() ? "passed" : "FAILED",
              c.observed(),
              c.expected());
        }
        checks.print(out);
        out.println();
        Evidence.print(out, "", d.checks(), 20);
      }
      if (r.error() != null) {
        out.println();
        out.println("error: " + r.error());
      }
      out.flush();
      return 0;
    }
  }

  private static String firstLine(String text) {
    if (text == null) return "";
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl) + " ...";
  }
}
