package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.lineage.LineageGraph;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meshflow impact}: what a change to a product, or to one of its fields, would affect. */
@Component
@Command(
    name = "impact",
    mixinStandardHelpOptions = true,
    description =
        "What breaks downstream if a product (or one of its fields, --field) changes or is removed.")
public class ImpactCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "PRODUCT")
  String product;

  @Option(names = "--field", paramLabel = "FIELD", description = "Only what depends on this field.")
  String field;

  @Mixin JsonOption json = new JsonOption();

  private final StackLauncher launcher;

  public ImpactCommand(StackLauncher launcher) {
    this.launcher = launcher;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (MeshStack stack = launcher.forCommand(new StackLauncher.Needs(false, List.of()))) {
      LineageGraph.Impact impact =
          stack.services().lineage().impact(ProductId.parse(product), field);
      if (json.on) {
        out.println(Formats.json(impact));
        out.flush();
        return 0;
      }
      out.println("changing " + product + (field == null ? "" : "." + field) + " affects:");
      if (impact.affected().isEmpty()) out.println("  nothing known downstream");
      for (LineageGraph.Affected a : impact.affected()) {
        String label =
            a.product() != null ? a.product() : LineageCommand.label(a.namespace(), a.name());
        out.println(
            "  "
                + label
                + (a.columns().isEmpty() ? "" : " columns " + a.columns())
                + "  ("
                + a.how()
                + (a.via() == null ? "" : ", via " + a.via())
                + ")");
      }
      out.println(
          "consumers: "
              + (impact.consumers().isEmpty()
                  ? "none known"
                  : String.join(", ", impact.consumers())));
      out.flush();
      return 0;
    }
  }
}
