package io.meshflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.orchestrator.cli.CommandRunner;
import io.meshflow.orchestrator.cli.CommandRunner.Result;
import io.meshflow.orchestrator.config.MeshflowProperties;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meshflow bench ...} as a user runs it: every benchmark, on tiny sizes, prints its figures.
 */
class BenchCommandTest {
  @TempDir Path home;

  private Result run(String... args) {
    return CommandRunner.run(
        new MeshflowProperties(
            home, Path.of("../domains"), Path.of("../governance"), null, null, null),
        BenchApplication::commandLine,
        args);
  }

  @Test
  void everyBenchmarkRunsOnTinySizesAndPrintsAllItsFigures() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();

    Result pipeline = run("bench", "pipeline", "--rows", "300", "--json");
    assertThat(pipeline.exitCode()).as(pipeline.err()).isZero();
    var p = json.readTree(pipeline.out());
    assertThat(p.get("rows").asLong()).isEqualTo(300);
    assertThat(p.get("rowsOut").asLong()).isEqualTo(100);
    assertThat(p.get("ratio").asDouble()).isPositive();
    assertThat(p.get("meshflowMillis").asLong()).isPositive();
    assertThat(p.get("bareSqlMillis").asLong()).isPositive();
    assertThat(p.get("rowsPerSecond").asLong()).isPositive();
    assertThat(p.get("peakHeapMb").asLong()).isPositive();
    assertThat(p.get("sqlMillisInActivities").asLong()).isPositive();
    assertThat(iterable(p.get("meshflowSteps").fieldNames()))
        .containsExactly("extract", "transform", "validate", "publish", "catalog-update");
    assertThat(iterable(p.get("bareSqlSteps").fieldNames()))
        .containsExactly("copy", "insert-select", "checks", "rename");

    for (String[] source :
        List.of(
            new String[] {"kafka", "--events", "events"},
            new String[] {"jdbc", "--rows", "rows"})) {
      Result bench = run("bench", source[0], source[1], "200", "--passes", "1", "--json");
      assertThat(bench.exitCode()).as(source[0] + ": " + bench.err()).isZero();
      var k = json.readTree(bench.out());
      assertThat(k.get(source[2]).asLong()).isEqualTo(200);
      assertThat(k.get("rowsOut").asLong()).isEqualTo(200);
      assertThat(k.get("ratio").asDouble()).isPositive();
      assertThat(k.get("meshflowMillis").asLong()).isPositive();
      assertThat(k.get("bareMillis").asLong()).isPositive();
      assertThat(k.get("perSecond").asLong()).isPositive();
      assertThat(k.get("peakHeapMb").asLong()).isPositive();
      assertThat(iterable(k.get("meshflowSteps").fieldNames()))
          .containsExactly("extract", "transform", "validate", "publish", "catalog-update");
      assertThat(iterable(k.get("bareSteps").fieldNames()))
          .containsExactly(
              source[0].equals("kafka") ? "consume+copy" : "copy|copy",
              "insert-select",
              "checks",
              "rename");
      assertThat(k.get("readRatio").asDouble()).isPositive();
    }

    Result overhead = run("bench", "overhead", "--runs", "8", "--json");
    assertThat(overhead.exitCode()).as(overhead.err()).isZero();
    var o = json.readTree(overhead.out());
    for (String series : List.of("sequential", "concurrent")) {
      var s = o.get(series);
      assertThat(s.get("runs").asInt()).isEqualTo(8);
      assertThat(s.get("runsPerSecond").asDouble()).isPositive();
      assertThat(s.get("p50Millis").asLong())
          .isPositive()
          .isLessThanOrEqualTo(s.get("p95Millis").asLong());
      assertThat(s.get("p95Millis").asLong()).isLessThanOrEqualTo(s.get("p99Millis").asLong());
      assertThat(s.has("sqlP50Millis")).isTrue();
    }
    assertThat(o.get("sequential").get("concurrency").asInt()).isEqualTo(1);
    assertThat(o.get("concurrent").get("concurrency").asInt()).isEqualTo(8);

    Result backfill =
        run("bench", "backfill", "--partitions", "4", "--rows-per-day", "5", "--json");
    assertThat(backfill.exitCode()).as(backfill.err()).isZero();
    var b = json.readTree(backfill.out());
    assertThat(b.get("partitions").asInt()).isEqualTo(4);
    assertThat(b.get("rowsPerDay").asInt()).isEqualTo(5);
    assertThat(b.get("speedUp").asDouble()).isPositive();
    for (String series : List.of("sequential", "concurrent")) {
      var s = b.get(series);
      assertThat(s.get("wallMillis").asLong()).isPositive();
      assertThat(s.get("partitionsPerSecond").asDouble()).isPositive();
      assertThat(s.get("sqlMillis").asLong()).isPositive();
      assertThat(s.get("meanRunMillis").asLong()).isPositive();
      assertThat(s.has("runOverheadMillis")).isTrue();
      assertThat(s.has("wallOverheadPerPartitionMillis")).isTrue();
    }
    assertThat(b.get("concurrent").get("concurrency").asInt()).isEqualTo(8);

    Result checks = run("bench", "checks", "--rows", "1000", "--repeats", "1");
    assertThat(checks.exitCode()).as(checks.err()).isZero();
    assertThat(checks.out())
        .contains("bench checks: 1,000 rows", "SELECT count(*) scan", "ratio checks/scan");

    Result startup = run("bench", "startup", "--runs", "1", "--json");
    assertThat(startup.exitCode()).as(startup.err()).isZero();
    var st = json.readTree(startup.out());
    assertThat(st.get("coldPublishMillis")).hasSize(1);
    assertThat(st.get("coldPublishMedianMillis").asLong()).isPositive();
    assertThat(st.get("jvmMedianMillis").asLong()).isPositive();
    assertThat(st.get("joinedMillis").fieldNames())
        .toIterable()
        .containsExactly(
            "runs",
            "checks bench.tiny_0",
            "catalog search tiny",
            "lineage bench.tiny_0",
            "impact bench.tiny_0",
            "schedules",
            "sla");
    assertThat(st.get("joinedMillis").get("sla")).hasSize(1);

    // 3 products over 3 simulated hours: the tenth product of each ten breaches, so none here
    Result sla = run("bench", "sla", "--products", "3", "--hours", "3", "--json");
    assertThat(sla.exitCode()).as(sla.err()).isZero();
    var sl = json.readTree(sla.out());
    assertThat(sl.get("products").asInt()).isEqualTo(3);
    assertThat(sl.get("breaches").asLong()).isZero();
    // a probe every 5 minutes: 37 in 3 hours per product (at 0 and every 5 minutes to 3h)
    assertThat(sl.get("activities").asLong()).isEqualTo(3 * 37);
    assertThat(sl.get("workflowRuns").asLong()).isEqualTo(3);
    assertThat(sl.get("historyEvents").asLong()).isPositive();
    assertThat(sl.get("cpuMillis").asLong()).isPositive();
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> out = new java.util.ArrayList<>();
    names.forEachRemaining(out::add);
    return out;
  }

  @Test
  void benchIsACommandOfTheBenchmarksJarOnly() {
    Result help = run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("bench", "publish", "dev");
  }
}
