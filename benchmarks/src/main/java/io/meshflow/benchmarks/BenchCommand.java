package io.meshflow.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackException;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.orchestrator.stack.StackMode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  private final MeshflowProperties properties;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public BenchCommand(StackLauncher launcher, MeshflowProperties properties) {
    this.launcher = launcher;
    this.properties = properties;
  }

  /** The embedded stack with the bench domain's worker; benchmarks do not run against a client. */
  private MeshStack benchStack() {
    return benchStack(List.of());
  }

  /** The bench stack, with the embedded Kafka broker when {@code topics} need it. */
  private MeshStack benchStack(List<io.meshflow.contracts.model.KafkaTopic> topics) {
    MeshStack stack =
        launcher.forCommand(new StackLauncher.Needs(true, List.of("bench"), topics, List.of()));
    if (stack.mode() != StackMode.EMBEDDED) {
      stack.close();
      throw new StackException(
          "benchmarks run on the embedded stack of their own process: stop `meshflow dev`"
              + " (or unset MESHFLOW_TEMPORAL_TARGET/MESHFLOW_DATABASE_URL) first");
    }
    return stack;
  }

  @Command(
      name = "pipeline",
      mixinStandardHelpOptions = true,
      description =
          "Publish N synthetic order events through the whole workflow, then do the same work as bare SQL.")
  int pipeline(
      @Option(
              names = "--rows",
              defaultValue = "1000000",
              description = "Events (default ${DEFAULT-VALUE}).")
          long rows,
      @Option(names = "--json", description = "Print one JSON object.") boolean json)
      throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (MeshStack stack = benchStack()) {
      PipelineBenchmark.Result r = new PipelineBenchmark(stack, properties.home()).run(rows);
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("rows", r.rows());
      doc.put("rowsOut", r.rowsOut());
      doc.put("meshflowMillis", r.meshflowMillis());
      doc.put("bareSqlMillis", r.bareMillis());
      doc.put("ratio", Math.round(r.ratio() * 100) / 100.0);
      doc.put("rowsPerSecond", r.rowsPerSecond());
      doc.put("sqlMillisInActivities", r.sqlMillis());
      doc.put("meshflowSteps", r.meshflowSteps());
      doc.put("bareSqlSteps", r.bareSteps());
      doc.put("peakHeapMb", r.peakHeapMb());
      doc.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
      if (json) {
        out.println(JSON.writeValueAsString(doc));
      } else {
        out.printf(
            Locale.ROOT, "bench pipeline: %,d events -> %,d orders%n", r.rows(), r.rowsOut());
        out.printf(Locale.ROOT, "  meshflow   %8d ms  %s%n", r.meshflowMillis(), r.meshflowSteps());
        out.printf(Locale.ROOT, "  bare SQL   %8d ms  %s%n", r.bareMillis(), r.bareSteps());
        out.printf(Locale.ROOT, "  ratio meshflow/bare SQL  %.2f   (target <= 1.3)%n", r.ratio());
        out.printf(
            Locale.ROOT,
            "  rows/s %,d; SQL inside activities %d ms; peak heap %d MB of %d MB%n",
            r.rowsPerSecond(),
            r.sqlMillis(),
            r.peakHeapMb(),
            Runtime.getRuntime().maxMemory() / (1024 * 1024));
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "kafka",
      mixinStandardHelpOptions = true,
      description =
          "Publish N events from a Kafka topic through the whole workflow, then do the same work with"
              + " a bare KafkaConsumer loop and COPY.")
  int kafka(
      @Option(
              names = "--events",
              defaultValue = "1000000",
              description = "Events (default ${DEFAULT-VALUE}).")
          long events,
      @Option(
              names = "--passes",
              defaultValue = "2",
              description =
                  "Runs of each side, alternating; the faster counts (default ${DEFAULT-VALUE}).")
          int passes,
      @Option(names = "--json", description = "Print one JSON object.") boolean json)
      throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (MeshStack stack = benchStack(List.of(KafkaBenchmark.topic()))) {
      KafkaBenchmark.Result r = new KafkaBenchmark(stack, properties.home()).run(events, passes);
      printComparison(
          out,
          json,
          r.comparison(),
          String.format(
              Locale.ROOT,
              "bench kafka: %,d events on %s (4 partitions, produced in %d ms)",
              events,
              KafkaBenchmark.TOPIC,
              r.produceMillis()),
          "consumer + COPY",
          Map.of("events", events, "produceMillis", r.produceMillis()));
      return 0;
    }
  }

  @Command(
      name = "jdbc",
      mixinStandardHelpOptions = true,
      description =
          "Publish N rows of a table in another PostgreSQL database through the whole workflow,"
              + " then do the same work with a bare COPY TO STDOUT | COPY FROM STDIN.")
  int jdbc(
      @Option(
              names = "--rows",
              defaultValue = "1000000",
              description = "Rows (default ${DEFAULT-VALUE}).")
          long rows,
      @Option(
              names = "--passes",
              defaultValue = "2",
              description =
                  "Runs of each side, alternating; the faster counts (default ${DEFAULT-VALUE}).")
          int passes,
      @Option(names = "--json", description = "Print one JSON object.") boolean json)
      throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (MeshStack stack = benchStack()) {
      SourceComparison.Result r = new JdbcBenchmark(stack, properties.home()).run(rows, passes);
      printComparison(
          out,
          json,
          r,
          String.format(
              Locale.ROOT,
              "bench jdbc: %,d rows of %s in database %s",
              rows,
              JdbcBenchmark.TABLE,
              JdbcBenchmark.DATABASE),
          "COPY | COPY",
          Map.of("rows", rows));
      return 0;
    }
  }

  @Command(
      name = "sla",
      mixinStandardHelpOptions = true,
      description =
          "N products' SLA monitors over a simulated day (Temporal's test server, time skipping,"
              + " activities in memory): workflow actions per product per day, history sizes,"
              + " continue-as-new runs and CPU time.")
  int sla(
      @Option(
              names = "--products",
              defaultValue = "1000",
              description = "Monitored products (default ${DEFAULT-VALUE}).")
          int products,
      @Option(
              names = "--probe",
              defaultValue = "5m",
              description = "Availability probe interval (default ${DEFAULT-VALUE}).")
          String probe,
      @Option(
              names = "--hours",
              defaultValue = "24",
              description = "Simulated hours (default ${DEFAULT-VALUE}).")
          int hours,
      @Option(names = "--json", description = "Print one JSON object.") boolean json)
      throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SlaBenchmark.Result r =
        new SlaBenchmark()
            .run(
                products,
                io.meshflow.contracts.parse.ContractValues.duration(probe),
                Duration.ofHours(hours));
    if (json) {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("products", r.products());
      m.put("simulatedHours", hours);
      m.put("probeSeconds", r.probeInterval().toSeconds());
      m.put("activities", r.activities());
      m.put("breaches", r.breaches());
      m.put("alerts", r.alerts());
      m.put("historyEvents", r.events());
      m.put("historyBytes", r.historyBytes());
      m.put("workflowRuns", r.runs());
      m.put("eventsPerProductPerDay", r.eventsPerProductPerDay());
      m.put("cpuMillis", r.cpuMillis());
      m.put("wallMillis", r.wallMillis());
      out.println(JSON.writeValueAsString(m));
    } else {
      out.printf(
          Locale.ROOT,
          "bench sla: %,d products over %d simulated hours, probes every %s%n"
              + "  activities        %,d (%,d breaches, %,d alerts)%n"
              + "  history events    %,d (%.0f per product per day)%n"
              + "  history size      %,d bytes (%,d per product per day)%n"
              + "  workflow runs     %,d (monitors continued as new, alerts)%n"
              + "  CPU time          %,d ms (%.2f ms per product per day), wall %,d ms%n",
          r.products(),
          hours,
          probe,
          r.activities(),
          r.breaches(),
          r.alerts(),
          r.events(),
          r.eventsPerProductPerDay(),
          r.historyBytes(),
          Math.round(r.historyBytes() / (double) r.products() / (hours / 24.0)),
          r.runs(),
          r.cpuMillis(),
          r.cpuMillis() / (double) r.products() / (hours / 24.0),
          r.wallMillis());
    }
    out.flush();
    return 0;
  }

  /** A source benchmark's figures, as text or one JSON object. */
  private static void printComparison(
      PrintWriter out,
      boolean json,
      SourceComparison.Result r,
      String title,
      String bareName,
      Map<String, Object> extra)
      throws Exception {
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>(extra);
      doc.put("rowsOut", r.rowsOut());
      doc.put("meshflowMillis", r.meshflowMillis());
      doc.put("bareMillis", r.bareMillis());
      doc.put("ratio", Math.round(r.ratio() * 100) / 100.0);
      doc.put("readRatio", Math.round(r.readRatio() * 100) / 100.0);
      doc.put("perSecond", r.perSecond(r.meshflowMillis()));
      doc.put("barePerSecond", r.perSecond(r.bareMillis()));
      doc.put("meshflowSteps", r.meshflowSteps());
      doc.put("bareSteps", r.bareSteps());
      doc.put("peakHeapMb", r.peakHeapMb());
      doc.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
      out.println(JSON.writeValueAsString(doc));
    } else {
      out.println(title);
      out.printf(
          Locale.ROOT,
          "  meshflow          %8d ms  %,d rows/s  %s%n",
          r.meshflowMillis(),
          r.perSecond(r.meshflowMillis()),
          r.meshflowSteps());
      out.printf(
          Locale.ROOT,
          "  %-16s  %8d ms  %,d rows/s  %s%n",
          bareName,
          r.bareMillis(),
          r.perSecond(r.bareMillis()),
          r.bareSteps());
      out.printf(Locale.ROOT, "  ratio meshflow/bare  %.2f   (target <= 1.3)%n", r.ratio());
      out.printf(
          Locale.ROOT,
          "  ratio extract/%s alone  %.2f%n",
          r.bareSteps().keySet().stream().findFirst().orElse("read"),
          r.readRatio());
      out.printf(
          Locale.ROOT,
          "  peak heap %d MB of %d MB (Temporal, the workers and any broker share this JVM)%n",
          r.peakHeapMb(),
          Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
    out.flush();
  }

  @Command(
      name = "overhead",
      mixinStandardHelpOptions = true,
      description = "Publish a 10-row product N times, one at a time, then eight at a time.")
  int overhead(
      @Option(
              names = "--runs",
              defaultValue = "200",
              description = "Runs per series (default ${DEFAULT-VALUE}).")
          int runs,
      @Option(names = "--json", description = "Print one JSON object.") boolean json)
      throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (MeshStack stack = benchStack()) {
      OverheadBenchmark.Result r = new OverheadBenchmark(stack, properties.home()).run(runs);
      if (json) {
        out.println(
            JSON.writeValueAsString(
                Map.of(
                    "sequential", series(r.sequential()), "concurrent", series(r.concurrent()))));
      } else {
        out.printf(
            Locale.ROOT, "bench overhead: %d runs of a 10-row product, five steps each%n", runs);
        for (OverheadBenchmark.Series s : List.of(r.sequential(), r.concurrent())) {
          out.printf(
              Locale.ROOT,
              "  concurrency %d: %6.1f runs/s; latency p50 %d ms, p95 %d ms, p99 %d ms; SQL p50 %d ms,"
                  + " orchestration p50 ~%d ms%n",
              s.concurrency(),
              s.runsPerSecond(),
              s.p50(),
              s.p95(),
              s.p99(),
              s.sqlP50(),
              s.p50() - s.sqlP50());
        }
        out.println("  targets: p50 <= 100 ms; >= 20 runs/s at concurrency 8");
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "backfill",
      mixinStandardHelpOptions = true,
      description =
          "Backfill a year of daily partitions of a small product, one at a time, then eight at a time.")
  int backfill(
      @Option(
              names = "--partitions",
              defaultValue = "365",
              description = "Daily partitions (default ${DEFAULT-VALUE}).")
          int partitions,
      @Option(
              names = "--rows-per-day",
              defaultValue = "200",
              description = "Rows in each partition (default ${DEFAULT-VALUE}).")
          int rowsPerDay,
      @Option(names = "--json", description = "Print one JSON object.") boolean json)
      throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (partitions < 1 || rowsPerDay < 1) {
      spec.commandLine().getErr().println("--partitions and --rows-per-day must be at least 1");
      spec.commandLine().getErr().flush();
      return 2;
    }
    try (MeshStack stack = benchStack()) {
      BackfillBenchmark.Result r =
          new BackfillBenchmark(stack, properties.home()).run(partitions, rowsPerDay);
      if (json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("partitions", r.partitions());
        doc.put("rowsPerDay", r.rowsPerDay());
        doc.put("sequential", backfillSeries(r.sequential()));
        doc.put("concurrent", backfillSeries(r.concurrent()));
        doc.put("speedUp", Math.round(r.speedUp() * 100) / 100.0);
        out.println(JSON.writeValueAsString(doc));
      } else {
        out.printf(
            Locale.ROOT,
            "bench backfill: %d daily partitions of %d rows, read from an upstream product%n",
            r.partitions(),
            r.rowsPerDay());
        for (BackfillBenchmark.Series s : List.of(r.sequential(), r.concurrent())) {
          out.printf(
              Locale.ROOT,
              "  concurrency %d: %8d ms  %6.1f partitions/s; SQL in activities %d ms;"
                  + " run latency %d ms, of it orchestration ~%d ms%n",
              s.concurrency(),
              s.wallMillis(),
              s.partitionsPerSecond(),
              s.sqlMillis(),
              s.meanRunMillis(),
              s.runOverheadMillis());
        }
        out.printf(
            Locale.ROOT,
            "  orchestration overhead per partition (sequential, wall - SQL): %d ms%n",
            r.sequential().wallOverheadPerPartitionMillis());
        out.printf(Locale.ROOT, "  speed-up concurrency 8 / 1: %.2fx%n", r.speedUp());
      }
      out.flush();
      return 0;
    }
  }

  private static Map<String, Object> backfillSeries(BackfillBenchmark.Series s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("concurrency", s.concurrency());
    m.put("wallMillis", s.wallMillis());
    m.put("partitionsPerSecond", Math.round(s.partitionsPerSecond() * 10) / 10.0);
    m.put("sqlMillis", s.sqlMillis());
    m.put("meanRunMillis", s.meanRunMillis());
    m.put("runOverheadMillis", s.runOverheadMillis());
    m.put("wallOverheadPerPartitionMillis", s.wallOverheadPerPartitionMillis());
    return m;
  }

  private static Map<String, Object> series(OverheadBenchmark.Series s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("concurrency", s.concurrency());
    m.put("runs", s.runs());
    m.put("wallMillis", s.wallMillis());
    m.put("runsPerSecond", Math.round(s.runsPerSecond() * 10) / 10.0);
    m.put("p50Millis", s.p50());
    m.put("p95Millis", s.p95());
    m.put("p99Millis", s.p99());
    m.put("sqlP50Millis", s.sqlP50());
    return m;
  }

  @Command(
      name = "soak",
      mixinStandardHelpOptions = true,
      description =
          "Keep the stack busy for N minutes (a run every 2 s, catalog reads, backfills) and"
              + " report heap after a full GC, threads, connections, file descriptors and staging"
              + " tables, at the start and then every sample.")
  int soak(
      @Option(
              names = "--minutes",
              defaultValue = "30",
              description = "How long (default ${DEFAULT-VALUE}).")
          double minutes,
      @Option(
              names = "--sample-seconds",
              defaultValue = "60",
              description = "Seconds between samples (default ${DEFAULT-VALUE}).")
          int sampleSeconds)
      throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (minutes <= 0 || sampleSeconds < 1) {
      spec.commandLine()
          .getErr()
          .println("--minutes must be positive, --sample-seconds at least 1");
      spec.commandLine().getErr().flush();
      return 2;
    }
    {
      out.printf(
          Locale.ROOT,
          "bench soak: %.1f min; a run every 2 s, catalog reads every 0.5 s, a backfill of 14"
              + " partitions every 5 min; Temporal in a process of its own%n",
          minutes);
      out.printf(
          Locale.ROOT,
          "%8s %8s %8s %12s %6s %8s %8s %7s %8s%n",
          "SECOND",
          "HEAP MB",
          "THREADS",
          "CONNECTIONS",
          "FDS",
          "STAGING",
          "RUNS",
          "FAILED",
          "READS");
      out.flush();
      SoakBenchmark soak = new SoakBenchmark(properties);
      List<SoakBenchmark.Sample> samples =
          soak.run(
              java.time.Duration.ofMillis((long) (minutes * 60_000)),
              java.time.Duration.ofSeconds(sampleSeconds),
              s -> {
                out.printf(
                    Locale.ROOT,
                    "%8d %8d %8d %12d %6d %8d %8d %7d %8d%n",
                    s.second(),
                    s.heapMb(),
                    s.threads(),
                    s.connections(),
                    s.fileDescriptors(),
                    s.stagingTables(),
                    s.runs(),
                    s.failedRuns(),
                    s.reads());
                out.flush();
              });
      SoakBenchmark.Sample first = samples.get(0);
      SoakBenchmark.Sample last = samples.get(samples.size() - 1);
      out.printf(
          Locale.ROOT,
          "  end - start: heap %+d MB, threads %+d, connections %+d, file descriptors %+d,"
              + " staging tables %+d; %d runs, %d failed%n",
          last.heapMb() - first.heapMb(),
          last.threads() - first.threads(),
          last.connections() - first.connections(),
          last.fileDescriptors() - first.fileDescriptors(),
          last.stagingTables() - first.stagingTables(),
          last.runs(),
          last.failedRuns());
      soak.failures().forEach(f -> out.println("  failure: " + f));
      out.flush();
      return last.failedRuns() == 0 ? 0 : 1;
    }
  }

  @Command(
      name = "startup",
      mixinStandardHelpOptions = true,
      description = {
        "How long commands take from the shell to exit, median of N: a cold `meshflow publish` of",
        "one small product, and the commands that join a running `meshflow dev` (runs, checks,",
        "catalog, lineage, impact, schedules, sla); against `java -version` measured alongside."
      })
  int startup(
      @Option(
              names = "--runs",
              defaultValue = "10",
              description = "Measured runs of each command (default ${DEFAULT-VALUE}).")
          int runs,
      @Option(names = "--json", description = "Print one JSON object.") boolean json)
      throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    StartupBenchmark.Result r = new StartupBenchmark().run(properties.home(), runs);
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("jvmMillis", r.jvm());
      doc.put("jvmMedianMillis", r.jvmMedian());
      doc.put("coldPublishMillis", r.coldPublish());
      doc.put("coldPublishMedianMillis", r.coldPublishMedian());
      doc.put("joinedMillis", r.joined());
      doc.put("joinedMedianMillis", r.joinedMedian());
      out.println(JSON.writeValueAsString(doc));
    } else {
      out.printf(Locale.ROOT, "bench startup: from the shell to exit, median of %d%n", runs);
      out.printf(Locale.ROOT, "  java -version (baseline)      %6d ms%n", r.jvmMedian());
      out.printf(
          Locale.ROOT,
          "  publish, cold                 %6d ms   ratio to baseline %.1f   (target <= 3000) %s%n",
          r.coldPublishMedian(),
          (double) r.coldPublishMedian() / r.jvmMedian(),
          r.coldPublishMedian() <= 3000 ? "ok" : "MISSED");
      r.joined()
          .forEach(
              (command, millis) ->
                  out.printf(
                      Locale.ROOT,
                      "  %-29s %6d ms%n",
                      command + ", joined",
                      StartupBenchmark.Result.median(millis)));
      out.printf(
          Locale.ROOT,
          "  joined commands, all          %6d ms   ratio to baseline %.1f   (target <= 1000) %s%n",
          r.joinedMedian(),
          (double) r.joinedMedian() / r.jvmMedian(),
          r.joinedMedian() <= 1000 ? "ok" : "MISSED");
    }
    out.flush();
    return 0;
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
