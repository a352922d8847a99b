package io.meshflow.orchestrator.cli;

import io.meshflow.orchestrator.catalog.CheckHistoryRow;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meshflow checks PRODUCT}: each check's latest result and its pass rate over recent runs.
 */
@Component
@Command(
    name = "checks",
    mixinStandardHelpOptions = true,
    description =
        "Show a product's quality checks: latest result and pass rate over its recent runs.")
public class ChecksCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "PRODUCT", description = "The product, e.g. orders.order_events.")
  String product;

  @Option(
      names = "--runs",
      defaultValue = "20",
      description = "How many recent runs make the pass rate (default ${DEFAULT-VALUE}).")
  int runs;

  private final StackLauncher launcher;

  @Mixin JsonOption json = new JsonOption();

  public ChecksCommand(StackLauncher launcher) {
    this.launcher = launcher;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (MeshStack stack = launcher.forCommand(new StackLauncher.Needs(false, List.of()))) {
      List<CheckHistoryRow> checks = stack.catalog().runs().checkHistory(product, runs);
      if (checks.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println("no check results for '" + product + "' yet; publish it first");
        spec.commandLine().getErr().flush();
        return 1;
      }
      if (json.on) {
        out.println(Formats.json(checks));
        out.flush();
        return 0;
      }
      TextTable table =
          new TextTable("CHECK", "SEVERITY", "LATEST", "PASS RATE", "OBSERVED", "EXPECTED")
              .alignRight(3);
      for (CheckHistoryRow c : checks) {
        table.add(
            c.checkName(),
            c.severity(),
            c.latestSuccess() ? "passed" : "FAILED",
            c.passed()
                + "/"
                + c.runs()
                + " "
                + String.format(Locale.ROOT, "(%.0f%%)", c.passRate()),
            c.latestObserved(),
            c.latestExpected());
      }
      out.println("checks of " + product + " over its last " + runs + " runs with results");
      table.print(out);
      return 0;
    }
  }
}
