package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.catalog.CheckRow;
import io.meshflow.orchestrator.catalog.RegistrationRefusedException;
import io.meshflow.orchestrator.catalog.RunDao;
import io.meshflow.orchestrator.catalog.RunDetail;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.publish.MeshPublisher;
import io.meshflow.orchestrator.publish.MeshPublisher.Outcome;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.publish.TriggeredRuns;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.workflows.run.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meshflow publish}: runs products' publish workflows and prints a summary. */
@Component
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = "Publish data products through their workflows, upstream products first.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every run succeeded",
      "1:a run failed or was skipped",
      "2:invalid contracts or usage"
    })
public class PublishCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin MeshOptions meshOptions = new MeshOptions();

  @ArgGroup(multiplicity = "1")
  Selection selection;

  @Option(
      names = "--partition",
      paramLabel = "KEY",
      description =
          "The partition of partitioned products to publish: 2026-03-14 (day), 2026-03-14T10 (hour), 2026-03 (month).")
  String partition;

  @Option(
      names = "--full-refresh",
      description =
          "Read each source from its start (a topic's earliest offsets, a table read by its cursor"
              + " whole) instead of from where the last publish stopped, and rebuild the product"
              + " from it, an incremental one too.")
  boolean fullRefresh;

  @Option(
      names = "--json",
      description =
          "Print the runs as JSON when they end (progress goes to standard error): each run as"
              + " `runs show --json` gives it, checks in Great Expectations' result shape too.")
  boolean json;

  static class Selection {
    @Parameters(
        paramLabel = "PRODUCT",
        arity = "1..*",
        description = "Products to publish, e.g. orders.order_events.")
    List<String> products;

    @Option(names = "--all", required = true, description = "Publish every product of the mesh.")
    boolean all;
  }

  private final MeshflowProperties properties;
  private final StackLauncher launcher;

  public PublishCommand(MeshflowProperties properties, StackLauncher launcher) {
    this.properties = properties;
    this.launcher = launcher;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Mesh> loaded = meshOptions.load(properties, err);
    if (loaded.isEmpty()) return 2;
    Mesh mesh = loaded.get();
    Optional<GovernancePolicies> loadedPolicies = meshOptions.policies(properties, err);
    if (loadedPolicies.isEmpty()) return 2;
    GovernancePolicies policies = loadedPolicies.get();
    List<ProductId> chosen = new ArrayList<>();
    if (selection.all) {
      mesh.products().forEach(p -> chosen.add(p.id()));
    } else {
      for (String name : selection.products) {
        Optional<DataProductContract> product = MeshOptions.product(mesh, name, err);
        if (product.isEmpty()) return 2;
        chosen.add(product.get().id());
      }
    }
    for (ProductId id : chosen) {
      try {
        PublishService.window(mesh.product(id).orElseThrow(), partition);
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        err.flush();
        return 2;
      }
    }
    long start = System.nanoTime();
    PrintWriter progress = json ? err : out;
    try (MeshStack stack = launcher.forCommand(StackLauncher.Needs.toRun(mesh))) {
      stack.notices().forEach(progress::println);
      progress.printf(
          "meshflow: %s stack ready in %s%n",
          stack.mode().name().toLowerCase(),
          Formats.millis((System.nanoTime() - start) / 1_000_000));
      PublishService service = stack.services().publishing(mesh, policies);
      // every version is registered before anything runs: a refused one stops the whole command
      try {
        for (ProductId id : chosen) service.register(mesh.product(id).orElseThrow());
      } catch (RegistrationRefusedException refused) {
        err.println(refused.getMessage());
        err.flush();
        return 2;
      }
      java.time.Instant since = java.time.Instant.now().minusSeconds(1);
      List<Outcome> outcomes =
          new MeshPublisher(service)
              .publish(mesh, chosen, "cli", partition, fullRefresh, new ProgressPrinter(progress));
      progress.println();
      printSummary(progress, stack.catalog().runs(), outcomes);
      boolean followersOk = printTriggered(progress, stack.services().triggeredRuns(), mesh, since);
      progress.flush();
      if (json) {
        List<Object> runs = new ArrayList<>();
        for (Outcome o : outcomes) {
          if (o.runId() == null) {
            runs.add(
                java.util.Map.of("product", o.product().toString(), "skipped", o.skipReason()));
          } else {
            stack.catalog().runs().find(o.runId()).ifPresent(runs::add);
          }
        }
        out.println(Formats.json(java.util.Map.of("runs", runs)));
        out.flush();
      }
      return outcomes.stream().allMatch(Outcome::succeeded) && followersOk ? 0 : 1;
    }
  }

  private static void printSummary(PrintWriter out, RunDao runs, List<Outcome> outcomes) {
    TextTable table =
        new TextTable("PRODUCT", "STATUS", "ROWS IN", "ROWS OUT", "CHECKS", "DURATION", "RUN ID")
            .alignRight(2, 3, 5);
    List<String> errors = new ArrayList<>();
    for (Outcome o : outcomes) {
      if (o.runId() == null) {
        table.add(o.product().toString(), "SKIPPED", "-", "-", "-", "-", "-");
        errors.add(o.product() + ": skipped, " + o.skipReason());
        continue;
      }
      Optional<RunDetail> found = runs.find(o.runId());
      if (found.isEmpty()) {
        table.add(
            o.product().toString(),
            o.succeeded() ? "SUCCEEDED" : "FAILED",
            "-",
            "-",
            "-",
            "-",
            o.runId());
        continue;
      }
      RunDetail run = found.get();
      if (o.conflict() != null) errors.add(o.product() + ": " + o.conflict());
      table.add(
          o.product().toString(),
          run.run().status().name(),
          Formats.count(run.run().rowsIn()),
          Formats.count(run.run().rowsOut()),
          checks(run.checks()),
          Formats.duration(run.run().duration()),
          run.run().runId());
      if (run.run().error() != null) {
        StringWriter evidence = new StringWriter();
        Evidence.print(new PrintWriter(evidence), "  ", run.checks(), 3);
        errors.add(
            o.product()
                + " failed: "
                + run.run().error()
                + (evidence.toString().isEmpty()
                    ? ""
                    : "\n" + evidence.toString().stripTrailing()));
      }
      if (run.run().note() != null) errors.add(o.product() + ": " + run.run().note());
      run.checks().stream()
          .filter(c -> !c.success() && c.severity().equals("warn"))
          .forEach(
              c -> errors.add(o.product() + " warning: " + c.checkName() + ": " + c.observed()));
    }
    table.print(out);
    if (!errors.isEmpty()) {
      out.println();
      errors.forEach(out::println);
    }
    out.flush();
  }

  /**
   * The runs upstream triggers started, waited for when the stack ends with this command.
   *
   * @return whether none of them failed
   */
  static boolean printTriggered(
      PrintWriter out, TriggeredRuns triggered, Mesh mesh, java.time.Instant since)
      throws InterruptedException {
    List<io.meshflow.orchestrator.catalog.RunRow> runs =
        triggered.await(mesh, since, java.time.Duration.ofHours(1));
    if (runs.isEmpty()) return true;
    out.println();
    out.println("Triggered by upstream publishes (trigger: on-upstream):");
    TextTable table = new TextTable("PRODUCT", "PARTITION", "STATUS", "ROWS OUT", "RUN ID");
    runs.forEach(
        r ->
            table.add(
                r.productId(),
                r.partitionKey(),
                r.status().name(),
                Formats.count(r.rowsOut()),
                r.runId()));
    table.print(out);
    out.flush();
    return runs.stream().noneMatch(r -> r.status() == RunStatus.FAILED);
  }

  static String checks(List<CheckRow> checks) {
    if (checks.isEmpty()) return "-";
    long passed = checks.stream().filter(CheckRow::success).count();
    long warned = checks.stream().filter(c -> !c.success() && c.severity().equals("warn")).count();
    long failed = checks.size() - passed - warned;
    return passed
        + " passed"
        + (failed > 0 ? ", " + failed + " failed" : "")
        + (warned > 0 ? ", " + warned + " warned" : "");
  }
}
