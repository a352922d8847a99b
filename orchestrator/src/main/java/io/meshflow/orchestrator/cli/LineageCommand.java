package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.lineage.LineageGraph;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.PrintWriter;
import java.util.List;
import org.springframework.stereotype.Component;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meshflow lineage}: where a product's data comes from and where it goes, as a tree. */
@Component
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    description =
        "Print a product's upstream and/or downstream lineage as a tree (from run events, any producer's).")
public class LineageCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "PRODUCT")
  String product;

  @ArgGroup(exclusive = true)
  Direction direction;

  static class Direction {
    @Option(names = "--upstream", description = "Only where the data comes from.")
    boolean upstream;

    @Option(names = "--downstream", description = "Only where it goes.")
    boolean downstream;
  }

  @Option(
      names = "--depth",
      defaultValue = "3",
      description = "How many hops (default ${DEFAULT-VALUE}).")
  int depth;

  @Option(
      names = "--field",
      paramLabel = "FIELD",
      description = "Column lineage of this field instead.")
  String field;

  @Mixin JsonOption json = new JsonOption();

  private final StackLauncher launcher;

  public LineageCommand(StackLauncher launcher) {
    this.launcher = launcher;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (MeshStack stack = launcher.forCommand(new StackLauncher.Needs(false, List.of()))) {
      LineageGraph graph = stack.services().lineage();
      ProductId id = ProductId.parse(product);
      boolean up = direction == null || direction.upstream;
      boolean down = direction == null || direction.downstream;
      if (json.on) {
        // the API's tree per direction: {"upstream": …, "downstream": …}
        java.util.Map<String, Object> trees = new java.util.LinkedHashMap<>();
        if (up) {
          trees.put(
              "upstream",
              field != null ? graph.columns(id, field, true, depth) : graph.upstream(id, depth));
        }
        if (down) {
          trees.put(
              "downstream",
              field != null ? graph.columns(id, field, false, depth) : graph.downstream(id, depth));
        }
        out.println(Formats.json(trees));
        out.flush();
        return 0;
      }
      if (field != null) {
        if (up)
          printColumns(
              out, "upstream of " + product + "." + field, graph.columns(id, field, true, depth));
        if (up && down) out.println();
        if (down)
          printColumns(
              out,
              "downstream of " + product + "." + field,
              graph.columns(id, field, false, depth));
        out.flush();
        return 0;
      }
      if (up) print(out, "upstream of " + product, graph.upstream(id, depth));
      if (up && down) out.println();
      if (down) print(out, "downstream of " + product, graph.downstream(id, depth));
      out.flush();
      return 0;
    }
  }

  /** A dataset that is no product, as OpenLineage names it: {@code file:/path}, {@code ns/name}. */
  static String label(String namespace, String name) {
    return namespace.equals("file") ? "file:" + name : namespace + "/" + name;
  }

  static void printColumns(PrintWriter out, String title, LineageGraph.ColumnNode root) {
    out.println(title);
    if (root.children().isEmpty()) out.println("  (nothing known)");
    for (int i = 0; i < root.children().size(); i++) {
      columnTree(out, root.children().get(i), "  ", i == root.children().size() - 1);
    }
  }

  private static void columnTree(
      PrintWriter out, LineageGraph.ColumnNode node, String indent, boolean last) {
    String label =
        (node.product() != null ? node.product() : label(node.namespace(), node.name()))
            + "."
            + node.column();
    out.println(indent + (last ? "└── " : "├── ") + label);
    for (int i = 0; i < node.children().size(); i++) {
      columnTree(
          out,
          node.children().get(i),
          indent + (last ? "    " : "│   "),
          i == node.children().size() - 1);
    }
  }

  static void print(PrintWriter out, String title, LineageGraph.Node root) {
    out.println(title);
    if (root.children().isEmpty()) out.println("  (nothing known)");
    for (int i = 0; i < root.children().size(); i++)
      tree(out, root.children().get(i), "  ", i == root.children().size() - 1);
  }

  private static void tree(PrintWriter out, LineageGraph.Node node, String indent, boolean last) {
    String label =
        node.product() != null
            ? node.product()
            : LineageCommand.label(node.namespace(), node.name());
    out.println(indent + (last ? "└── " : "├── ") + label + "  (via " + node.via() + ")");
    for (int i = 0; i < node.children().size(); i++) {
      tree(
          out,
          node.children().get(i),
          indent + (last ? "    " : "│   "),
          i == node.children().size() - 1);
    }
  }
}
