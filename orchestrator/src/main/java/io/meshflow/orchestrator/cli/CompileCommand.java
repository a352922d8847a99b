package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.contracts.model.SourceSpec;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.workers.activities.TransformActivitiesImpl;
import io.meshflow.workers.sql.DomainRole;
import io.meshflow.workers.sql.StagingTables;
import io.meshflow.workflows.run.PublishPlan;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meshflow compile}: the SQL a product's model runs as, like {@code dbt compile}. */
@Component
@Command(
    name = "compile",
    mixinStandardHelpOptions = true,
    description = {
      "Print the SQL a product's model runs as: its placeholders resolved (source() as the run's",
      "staging table, ref() as the product's table, config() removed) and QUALIFY rewritten for",
      "PostgreSQL. Nothing runs and nothing starts.",
      "  meshflow compile orders.order_events",
      "  meshflow compile orders.order_events --statement   (the whole INSERT the transform runs)"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:compiled", "2:the mesh or the product cannot be read"})
public class CompileCommand implements Callable<Integer> {
  /** The run key the printed staging tables are named with (a run's own is its id). */
  static final String RUN_KEY = "run";

  @Spec CommandSpec spec;
  @Mixin MeshOptions meshOptions = new MeshOptions();

  @Parameters(paramLabel = "PRODUCT", description = "The product, e.g. orders.order_events.")
  String product;

  @Option(
      names = "--partition",
      paramLabel = "KEY",
      description = "For a partitioned product: the partition whose window to fill in.")
  String partition;

  @Option(
      names = "--statement",
      description =
          "Print the whole statement the transform step runs: the model's fields, cast to the"
              + " contract's types (PII masked when no check needs the raw values), inserted into"
              + " the run's output table.")
  boolean statement;

  private final MeshflowProperties properties;

  public CompileCommand(MeshflowProperties properties) {
    this.properties = properties;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Mesh> mesh = meshOptions.load(properties, err);
    if (mesh.isEmpty()) return 2;
    Optional<DataProductContract> found = MeshOptions.product(mesh.get(), product, err);
    if (found.isEmpty()) return 2;
    DataProductContract contract = found.get();
    PartitionWindow window;
    try {
      window = PublishService.window(contract, partition);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.flush();
      return 2;
    }
    StagingTables staging =
        StagingTables.of(DomainRole.of(contract.id().domain().value()).stagingSchema(), RUN_KEY);
    String sourceTable = contract.source() == null ? null : staging.qualifiedSource();
    String compiled;
    try {
      compiled = TransformActivitiesImpl.compile(contract.transform().sql(), sourceTable, window);
    } catch (IllegalArgumentException e) {
      err.println(contract.id() + ": " + e.getMessage());
      err.flush();
      return 2;
    }
    out.println(
        "-- "
            + contract.id()
            + " "
            + contract.version()
            + ": "
            + MeshLoader.MeshReport.display(mesh.get().root(), contract.transform().sqlFile())
            + ", compiled");
    SourceSpec source = contract.source();
    if (source != null) {
      out.println(
          "-- "
              + (source.dataset() == null
                  ? "source()"
                  : ModelTemplate.sources(contract.transform().sql()).stream()
                      .findFirst()
                      .map(s -> "source('" + s.system() + "', '" + s.table() + "')")
                      .orElse("source()"))
              + " is "
              + sourceTable
              + ", the run's staging table (here for a run keyed '"
              + RUN_KEY
              + "')");
    }
    if (source != null) {
      for (var column : source.columns()) {
        if (column.from() != null) {
          out.println(
              "-- staged column "
                  + column.name()
                  + " is the source's \""
                  + column.from().replace("\"", "\"\"")
                  + "\" (sources.yaml from:)");
        }
      }
    }
    if (window != null) out.println("-- partition " + window.key());
    String zone = FieldSpec.timezoneOf(contract.fields());
    if (zone != null) {
      out.println("-- runs in time zone " + zone + " (constraints.timezone)");
    }
    if (statement) {
      PublishPlan plan = PublishPlan.of(contract, mesh.get());
      out.println(
          TransformActivitiesImpl.insert(
              staging.qualifiedOutput(), contract.fields(), plan.maskAtTransform(), compiled));
    } else {
      out.println(compiled.strip());
    }
    out.flush();
    return 0;
  }
}
