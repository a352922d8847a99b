package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.schedule.ScheduleReconciler;
import io.meshflow.orchestrator.stack.MeshServices;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.orchestrator.stack.StackMode;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meshflow schedules}: the products' cron schedules and their next ticks. */
@Component
@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    description = {
      "List the products' schedules with their next tick.",
      "With --reconcile, first bring the running cron workflows in line with the contracts",
      "(a running `meshflow dev` does that when it starts)."
    })
public class SchedulesCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

  @Spec CommandSpec spec;
  @Mixin MeshOptions meshOptions = new MeshOptions();
  @Mixin JsonOption json = new JsonOption();

  @Option(
      names = "--reconcile",
      description = "Create, replace and remove cron workflows to match the contracts.")
  boolean reconcile;

  private final MeshflowProperties properties;
  private final StackLauncher launcher;

  public SchedulesCommand(MeshflowProperties properties, StackLauncher launcher) {
    this.properties = properties;
    this.launcher = launcher;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Mesh> mesh = reconcile ? meshOptions.load(properties, err) : Optional.empty();
    if (reconcile && mesh.isEmpty()) return 2;
    Optional<GovernancePolicies> policies =
        reconcile ? meshOptions.policies(properties, err) : Optional.empty();
    if (reconcile && policies.isEmpty()) return 2;
    try (MeshStack stack =
        launcher.forCommand(
            new StackLauncher.Needs(
                reconcile, mesh.map(Mesh::domains).orElse(java.util.Set.of())))) {
      if (reconcile) {
        if (stack.mode() == StackMode.EMBEDDED) {
          err.println(
              "schedules live in a running Temporal: start `./meshflow dev` (it reconciles them itself) or point"
                  + " MESHFLOW_TEMPORAL_TARGET at a cluster");
          err.flush();
          return 2;
        }
        MeshServices services = stack.services();
        new ScheduleReconciler(
                services.client(),
                services.catalog().schedules(),
                services.publishing(mesh.get(), policies.get()))
            .reconcile(mesh.get())
            .forEach(
                a -> out.printf("%-8s %s  %s %s%n", a.what(), a.product(), a.cron(), a.timezone()));
      }
      List<ScheduleReconciler.ScheduleRow> rows =
          ScheduleReconciler.list(stack.catalog().schedules());
      if (json.on) {
        out.println(Formats.json(rows));
      } else if (rows.isEmpty()) {
        out.println("no schedules");
      } else {
        TextTable table = new TextTable("PRODUCT", "CRON", "TIME ZONE", "NEXT TICK", "WORKFLOW");
        rows.forEach(
            r ->
                table.add(
                    r.productId(),
                    r.cron(),
                    r.timezone(),
                    r.next() == null ? "-" : TIME.format(r.next()),
                    r.workflowId()));
        table.print(out);
      }
      out.flush();
      return 0;
    }
  }
}
