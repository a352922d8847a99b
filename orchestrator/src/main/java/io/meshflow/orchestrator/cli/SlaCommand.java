package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.parse.ContractValues;
import io.meshflow.orchestrator.catalog.SlaDao;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.sla.SlaReport;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.orchestrator.stack.StackMode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meshflow sla}: products' SLA state, compliance and breaches; a gate for CI. */
@Component
@Command(
    name = "sla",
    mixinStandardHelpOptions = true,
    description = {
      "Each monitored product's SLA: state (fresh, at risk, breached, unavailable) and age,",
      "compliance over the window (freshness, availability, both), and, for one product, its",
      "breaches with start, end, duration and the run that ended each. Computed from the breach",
      "intervals the monitors recorded (see docs/sla.md). --gate fails below a compliance, for CI."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the report (every product at or above --gate)",
      "1:a product below --gate",
      "2:invalid input, or --reconcile without a running Temporal"
    })
public class SlaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin MeshOptions meshOptions = new MeshOptions();
  @Mixin JsonOption json = new JsonOption();

  @Parameters(arity = "0..1", paramLabel = "PRODUCT", description = "One product, in detail.")
  String product;

  @Option(names = "--window", description = "The compliance window (default ${DEFAULT-VALUE}).")
  String window = "30d";

  @Option(
      names = "--gate",
      paramLabel = "PERCENT",
      description =
          "Exit 1 when a product's compliance (both) over the window is below, e.g. 99%%.")
  String gate;

  @Option(
      names = "--reconcile",
      description = "First bring the monitors in line with the contracts (`dev` does at start).")
  boolean reconcile;

  private final MeshflowProperties properties;
  private final StackLauncher launcher;

  public SlaCommand(MeshflowProperties properties, StackLauncher launcher) {
    this.properties = properties;
    this.launcher = launcher;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration span;
    Double threshold = null;
    try {
      span = ContractValues.duration(window);
      if (gate != null) threshold = ContractValues.percent(gate.endsWith("%") ? gate : gate + "%");
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.flush();
      return 2;
    }
    Optional<Mesh> mesh = reconcile ? meshOptions.load(properties, err) : Optional.empty();
    if (reconcile && mesh.isEmpty()) return 2;
    try (MeshStack stack = launcher.forCommand(new StackLauncher.Needs(reconcile, Set.of()))) {
      if (reconcile) {
        if (stack.mode() == StackMode.EMBEDDED) {
          err.println(
              "SLA monitors live in a running Temporal: start `./meshflow dev` (it reconciles them"
                  + " itself) or point MESHFLOW_TEMPORAL_TARGET at a cluster");
          err.flush();
          return 2;
        }
        stack
            .services()
            .slaMonitors()
            .reconcile(mesh.get())
            .forEach(a -> out.println("monitor " + a.what() + ": " + a.product()));
      }
      SlaReport report = new SlaReport(stack.catalog().sla(), Clock.systemUTC());
      List<SlaReport.ProductSla> products;
      if (product != null) {
        Optional<SlaReport.ProductSla> one = report.product(product, SlaReport.detailWindows(span));
        if (one.isEmpty()) {
          err.println(
              "no SLA monitor for '"
                  + product
                  + "' in the catalog of "
                  + properties.home()
                  + " (monitors run while `./meshflow dev` runs, for products whose contract has an"
                  + " sla)");
          err.flush();
          return 2;
        }
        if (json.on) out.println(Formats.json(one.get()));
        else detail(out, one.get());
        products = List.of(one.get());
      } else {
        products = report.all(List.of(span));
        if (json.on) {
          out.println(Formats.json(products));
        } else if (products.isEmpty()) {
          out.println(
              "no product is monitored yet in the catalog of the home "
                  + launcher.home()
                  + " (`./meshflow dev` starts the monitors)");
        } else {
          table(out, products);
        }
      }
      int code = 0;
      // with --json, standard output holds the document only: the gate speaks on standard error
      PrintWriter gateOut = json.on ? err : out;
      if (threshold != null) {
        for (SlaReport.ProductSla p : products) {
          double both = p.compliance().get(0).both();
          if (both < threshold) {
            gateOut.printf(
                Locale.ROOT,
                "gate %s: %s is at %.3f%% over %s%n",
                gate,
                p.product(),
                both,
                ContractValues.durationText(span));
            code = 1;
          }
        }
        if (code == 0) gateOut.println("gate " + gate + ": every product passes over " + window);
      }
      out.flush();
      err.flush();
      return code;
    }
  }

  private void table(PrintWriter out, List<SlaReport.ProductSla> products) {
    String w = ContractValues.durationText(products.get(0).compliance().get(0).window());
    TextTable table =
        new TextTable(
            "PRODUCT",
            "STATE",
            "AGE",
            "TARGET",
            "FRESH " + w,
            "AVAILABLE " + w,
            "BOTH " + w,
            "BREACHES");
    for (SlaReport.ProductSla p : products) {
      SlaReport.Compliance c = p.compliance().get(0);
      table.add(
          p.product(),
          p.state(),
          Formats.span(p.age()),
          p.freshnessTarget() == null ? "-" : ContractValues.durationText(p.freshnessTarget()),
          percent(c.freshness()),
          percent(c.availability()),
          percent(c.both()),
          String.valueOf(p.breaches().size()));
    }
    table.alignRight(4, 5, 6, 7).print(out);
  }

  private void detail(PrintWriter out, SlaReport.ProductSla p) {
    out.println(
        p.product()
            + ": "
            + p.state()
            + (p.age() == null
                ? ", nothing published yet"
                : ", newest data " + Formats.span(p.age()) + " old")
            + (p.freshnessTarget() == null
                ? ""
                : " (freshness target " + ContractValues.durationText(p.freshnessTarget()) + ")")
            + (p.availabilityTarget() == null
                ? ""
                : String.format(
                    Locale.ROOT, ", availability target %s%%", trim(p.availabilityTarget())))
            + "; monitored since "
            + Formats.time(p.monitoredSince()));
    TextTable windows = new TextTable("WINDOW", "FROM", "FRESHNESS", "AVAILABILITY", "BOTH");
    for (SlaReport.Compliance c : p.compliance()) {
      windows.add(
          ContractValues.durationText(c.window()),
          Formats.time(c.from()),
          percent(c.freshness()),
          percent(c.availability()),
          percent(c.both()));
    }
    windows.alignRight(2, 3, 4).print(out);
    out.println();
    if (p.breaches().isEmpty()) {
      out.println(
          "no breach in the last " + ContractValues.durationText(p.compliance().get(0).window()));
      return;
    }
    TextTable breaches =
        new TextTable("KIND", "STARTED", "ENDED", "DURATION", "ENDED BY RUN", "CAUSE");
    for (SlaDao.Breach b : p.breaches()) {
      breaches.add(
          b.kind(),
          Formats.time(b.startedAt()),
          b.endedAt() == null ? "(going on)" : Formats.time(b.endedAt()),
          Formats.span(
              Duration.between(
                  b.startedAt(), b.endedAt() == null ? java.time.Instant.now() : b.endedAt())),
          b.endedByRun() == null ? "-" : Formats.shortId(b.endedByRun()),
          b.cause() == null ? "" : b.cause());
    }
    breaches.print(out);
  }

  private static String percent(double p) {
    return String.format(Locale.ROOT, "%.3f%%", p);
  }

  private static String trim(double p) {
    return new java.math.BigDecimal(Double.toString(p)).stripTrailingZeros().toPlainString();
  }
}
