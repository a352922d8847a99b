package io.meshflow.orchestrator.cli;

import io.meshflow.orchestrator.bench.CheckBenchmark;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meshflow bench ...}: benchmarks that print their figures and a ratio to a baseline. */
@Component
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks, each measured against a baseline in the same run.")
public class BenchCommand {
  @Spec CommandSpec spec;

  private final StackLauncher launcher;

  public BenchCommand(StackLauncher launcher) {
    this.launcher = launcher;
  }

  @Command(
      name = "checks",
      mixinStandardHelpOptions = true,
      description =
          "A product's quality checks on N synthetic rows against one SELECT count(*) scan.")
  int checks(
      @Option(
              names = "--rows",
              defaultValue = "1000000",
              description = "Rows in the table (default ${DEFAULT-VALUE}).")
          long rows,
      @Option(
              names = "--repeats",
              defaultValue = "5",
              description =
                  "Measurements per figure; the median is printed (default ${DEFAULT-VALUE}).")
          int repeats) {
    PrintWriter out = spec.commandLine().getOut();
    try (MeshStack stack = launcher.forCommand(new StackLauncher.Needs(false, List.of()))) {
      CheckBenchmark.Result r = new CheckBenchmark(stack.warehouse()).run(rows, repeats);
      out.printf(
          Locale.ROOT, "bench checks: %,d rows x 10 columns, median of %d%n", r.rows(), repeats);
      out.printf(Locale.ROOT, "  SELECT count(*) scan         %8d ms%n", r.scanMillis());
      out.printf(
          Locale.ROOT,
          "  %2d checks, %d statement(s)    %8d ms%n",
          r.checks(),
          r.statements(),
          r.checksMillis());
      out.printf(
          Locale.ROOT, "  ratio checks/scan            %8.2f   (target <= 1.5)%n", r.ratio());
      out.printf(
          Locale.ROOT,
          "  %2d checks incl. 2 uniqueness, %d statement(s)  %d ms, ratio %.2f%n",
          r.uniquenessChecks(),
          r.uniquenessStatements(),
          r.uniquenessMillis(),
          r.uniquenessRatio());
      out.flush();
      return 0;
    }
  }
}
