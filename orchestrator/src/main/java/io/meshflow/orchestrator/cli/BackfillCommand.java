package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.backfill.BackfillService;
import io.meshflow.orchestrator.backfill.BackfillService.NoBackfillException;
import io.meshflow.orchestrator.backfill.BackfillService.Status;
import io.meshflow.orchestrator.catalog.RegistrationRefusedException;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.MeshServices;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.orchestrator.stack.StackMode;
import io.meshflow.workflows.backfill.BackfillProgress;
import io.meshflow.workflows.run.RunStatus;
import java.io.PrintWriter;
import java.time.Duration;
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

/** {@code meshflow backfill}: runs a range of partitions, and steers a running backfill. */
@Component
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Backfill a range of partitions of a partitioned product, with a live progress bar.",
      "",
      "One backfill runs per product (workflow backfill/<product>); a second range joins it.",
      "With `./meshflow dev` running, the backfill lives there: Ctrl-C (or --detach) stops "
          + "watching, not the backfill, and --status, --pause, --resume and --cancel steer it "
          + "from any terminal. Without it, the command keeps the embedded stack up until the "
          + "backfill ends."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every partition published (or the signal was sent)",
      "1:partitions failed, or the backfill was cancelled",
      "2:invalid contracts or usage, or no backfill to steer"
    })
public class BackfillCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin MeshOptions meshOptions = new MeshOptions();

  @Parameters(
      paramLabel = "PRODUCT",
      description = "A partitioned product, e.g. orders.daily_order_events.")
  String product;

  @ArgGroup(multiplicity = "1")
  Action action;

  static class Action {
    @ArgGroup(exclusive = false)
    Range range;

    @Option(names = "--status", required = true, description = "Show the backfill's progress.")
    boolean status;

    @Option(
        names = "--pause",
        required = true,
        description = "Start no new partition; running ones finish.")
    boolean pause;

    @Option(names = "--resume", required = true, description = "Go on after --pause.")
    boolean resume;

    @Option(
        names = "--cancel",
        required = true,
        description = "Drop the queued partitions; running ones finish.")
    boolean cancel;
  }

  static class Range {
    @Option(
        names = "--from",
        required = true,
        paramLabel = "KEY",
        description =
            "First partition, e.g. 2026-03-01 (day), 2026-03-01T00 (hour), 2026-03 (month).")
    String from;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "KEY",
        description = "Last partition, included.")
    String to;

    @Option(
        names = "--concurrency",
        paramLabel = "N",
        defaultValue = "" + BackfillService.DEFAULT_CONCURRENCY,
        description =
            "Partitions run at once when the backfill starts (default: ${DEFAULT-VALUE}).")
    int concurrency = BackfillService.DEFAULT_CONCURRENCY;

    @Option(
        names = "--detach",
        description = "Send the range and return (needs a running `./meshflow dev` or cluster).")
    boolean detach;
  }

  private final MeshflowProperties properties;
  private final StackLauncher launcher;

  /** How often the progress is asked for. */
  Duration refresh = Duration.ofMillis(500);

  public BackfillCommand(MeshflowProperties properties, StackLauncher launcher) {
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
    Optional<DataProductContract> contract = MeshOptions.product(mesh, product);
    if (contract.isEmpty()) {
      return usage(err, "unknown product '" + product + "' in the mesh in " + mesh.root());
    }
    // only a new range registers the contract's version; steering reads the workflow alone
    GovernancePolicies policies = GovernancePolicies.none();
    if (action.range != null) {
      Optional<GovernancePolicies> rules = meshOptions.policies(properties, err);
      if (rules.isEmpty()) return 2;
      policies = rules.get();
      try {
        BackfillService.partitions(contract.get(), action.range.from, action.range.to);
      } catch (IllegalArgumentException e) {
        return usage(err, e.getMessage());
      }
    }
    boolean starting = action.range != null;
    try (MeshStack stack =
        launcher.forCommand(
            starting
                ? StackLauncher.Needs.toRun(mesh)
                : new StackLauncher.Needs(true, java.util.List.of()))) {
      MeshServices services = stack.services();
      BackfillService backfills = services.backfills(services.publishing(mesh, policies));
      ProductId id = contract.get().id();
      if (!starting) {
        if (stack.mode() == StackMode.EMBEDDED) {
          return usage(
              err,
              "backfills live in a running Temporal, and none is running: steer them while `./meshflow dev`"
                  + " runs, or set MESHFLOW_TEMPORAL_TARGET");
        }
        return steer(out, err, backfills, id);
      }
      if (action.range.detach && stack.mode() == StackMode.EMBEDDED) {
        return usage(
            err,
            "--detach needs a Temporal that outlives this command: start `./meshflow dev` first");
      }
      java.time.Instant since = java.time.Instant.now().minusSeconds(1);
      try {
        backfills.start(
            contract.get(), action.range.from, action.range.to, action.range.concurrency);
      } catch (RegistrationRefusedException | IllegalArgumentException e) {
        return usage(err, e.getMessage());
      }
      out.printf(
          "backfill/%s: %s to %s sent%s%n",
          id,
          action.range.from,
          action.range.to,
          stack.mode() == StackMode.EMBEDDED
              ? ""
              : "; Ctrl-C stops watching, the backfill goes on (--status, --pause, --cancel)");
      out.flush();
      if (action.range.detach) return 0;
      Status last = watch(out, backfills, id);
      int code = summary(out, last);
      return followers(out, services, mesh, since) ? code : Math.max(code, 1);
    }
  }

  private int steer(PrintWriter out, PrintWriter err, BackfillService backfills, ProductId id) {
    Status status;
    try {
      if (action.pause) status = backfills.pause(id);
      else if (action.resume) status = backfills.resume(id);
      else if (action.cancel) status = backfills.cancel(id);
      else {
        Optional<Status> found = backfills.status(id);
        if (found.isEmpty()) throw new NoBackfillException(id);
        status = found.get();
      }
    } catch (NoBackfillException e) {
      return usage(err, e.getMessage());
    }
    out.println(line(status));
    printFailed(out, status.progress());
    out.flush();
    return 0;
  }

  /** Redraws the bar until the backfill ends. */
  private Status watch(PrintWriter out, BackfillService backfills, ProductId id)
      throws InterruptedException {
    boolean terminal = System.console() != null;
    String shown = null;
    while (true) {
      Status status = backfills.status(id).orElseThrow(() -> new NoBackfillException(id));
      String line = line(status);
      if (terminal) {
        out.print("\r" + line + "\033[K");
        out.flush();
      } else if (!line.equals(shown)) {
        out.println(line);
        out.flush();
      }
      shown = line;
      if (!status.running()) {
        if (terminal) out.println();
        return status;
      }
      Thread.sleep(refresh.toMillis());
    }
  }

  static String line(Status status) {
    BackfillProgress p = status.progress();
    long finished = p.done() + p.failed().size();
    int width = 30;
    int filled = status.total() == 0 ? width : (int) (width * finished / status.total());
    String state =
        !status.running()
            ? (p.cancelled() ? "cancelled" : "ended")
            : p.cancelled() ? "cancelling" : p.paused() ? "paused" : "running";
    return "["
        + "#".repeat(filled)
        + ".".repeat(width - filled)
        + "] "
        + finished
        + "/"
        + status.total()
        + "  "
        + p.done()
        + " done · "
        + p.running().size()
        + " running · "
        + p.queued().size()
        + " queued · "
        + p.failed().size()
        + " failed · "
        + state
        + (status.running() && p.etaSeconds() >= 0 && !p.paused()
            ? " · ETA " + Formats.duration(Duration.ofSeconds(p.etaSeconds()))
            : "");
  }

  private int summary(PrintWriter out, Status status) {
    BackfillProgress p = status.progress();
    printFailed(out, p);
    out.printf(
        "backfill of %s: %d partitions published, %d failed%s; each partition's run: ./meshflow runs --product %s%n",
        status.product(),
        p.done(),
        p.failed().size(),
        p.cancelled() ? ", cancelled" : "",
        status.product());
    out.flush();
    return p.failed().isEmpty() && !p.cancelled() ? 0 : 1;
  }

  /** The runs the backfilled partitions triggered downstream, in one line per product. */
  private static boolean followers(
      PrintWriter out, MeshServices services, Mesh mesh, java.time.Instant since)
      throws InterruptedException {
    if (!mesh.hasFollowers()) return true;
    if (services.mode() == StackMode.EMBEDDED) {
      out.println("waiting for the runs the partitions triggered downstream ...");
      out.flush();
    }
    var runs = services.triggeredRuns().await(mesh, since, Duration.ofHours(1));
    java.util.Map<String, java.util.Map<String, Long>> byProduct = new java.util.TreeMap<>();
    runs.forEach(
        r ->
            byProduct
                .computeIfAbsent(r.productId(), k -> new java.util.TreeMap<>())
                .merge(r.status().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum));
    byProduct.forEach(
        (product, counts) -> out.println("triggered downstream: " + product + " " + counts));
    out.flush();
    return runs.stream().noneMatch(r -> r.status() == RunStatus.FAILED);
  }

  private static void printFailed(PrintWriter out, BackfillProgress p) {
    new java.util.TreeMap<>(p.failed())
        .forEach((key, error) -> out.println("  failed " + key + ": " + error));
  }

  private static int usage(PrintWriter err, String message) {
    err.println(message);
    err.flush();
    return 2;
  }
}
