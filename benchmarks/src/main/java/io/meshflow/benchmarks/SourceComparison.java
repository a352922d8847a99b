package io.meshflow.benchmarks;

import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.workers.quality.QualityCheckCompiler;
import io.meshflow.workers.sql.ProductTableDdl;
import io.meshflow.workflows.run.PublishResult;
import io.meshflow.workflows.run.StepRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A source benchmark's two sides, measured in one run: the product published through the whole
 * workflow, and the same work by hand (read the source into a table, the model's {@code INSERT …
 * SELECT} into the product's typed table, the same checks' statements, a rename). Each side runs
 * twice, alternating, and the faster of its two counts: the first pass of either warms the JIT and
 * the caches for both.
 */
final class SourceComparison {
  /** What the comparison measured. */
  record Result(
      long rowsIn,
      long rowsOut,
      long meshflowMillis,
      long bareMillis,
      Map<String, Long> meshflowSteps,
      Map<String, Long> bareSteps,
      long peakHeapMb) {
    double ratio() {
      return (double) meshflowMillis / Math.max(1, bareMillis);
    }

    /** The extract step against the hand-written read alone (the first step of each side). */
    double readRatio() {
      long extract = meshflowSteps.getOrDefault("extract", 0L);
      long read = bareSteps.values().stream().findFirst().orElse(0L);
      return (double) extract / Math.max(1, read);
    }

    long perSecond(long millis) {
      return rowsIn * 1000 / Math.max(1, millis);
    }
  }

  /** One pass of the hand-written side: its steps' times. */
  interface BareRun {
    Map<String, Long> run() throws Exception;
  }

  private final MeshStack stack;

  SourceComparison(MeshStack stack) {
    this.stack = stack;
  }

  /**
   * Runs both sides {@code passes} times; {@code beforeRun} resets what a run would otherwise find
   * already read (a topic's committed offsets).
   */
  Result run(
      PublishService service,
      DataProductContract product,
      long expectedRows,
      int passes,
      BareRun bare,
      Runnable beforeRun)
      throws Exception {
    service.register(product);
    long meshflow = Long.MAX_VALUE;
    long bareTotal = Long.MAX_VALUE;
    long peak = 0;
    long rowsOut = 0;
    Map<String, Long> steps = Map.of();
    Map<String, Long> bareSteps = Map.of();
    for (int pass = 0; pass < passes; pass++) {
      Map<String, Long> b = bare.run();
      long took = b.values().stream().mapToLong(Long::longValue).sum();
      if (took < bareTotal) {
        bareTotal = took;
        bareSteps = b;
      }
      beforeRun.run();
      PipelineBenchmark.resetPeaks();
      long start = System.nanoTime();
      PublishResult r = service.start(product, "bench").result().get();
      took = (System.nanoTime() - start) / 1_000_000;
      peak = Math.max(peak, PipelineBenchmark.peakHeapMb());
      if (r.rowsIn() != expectedRows) {
        throw new IllegalStateException(
            "the run read " + r.rowsIn() + " rows, not the " + expectedRows + " the source holds");
      }
      if (took < meshflow) {
        meshflow = took;
        rowsOut = r.rowsOut();
        steps = new LinkedHashMap<>();
        for (StepRecord s : r.steps()) steps.put(s.step().label(), s.durationMillis());
      }
    }
    return new Result(expectedRows, rowsOut, meshflow, bareTotal, steps, bareSteps, peak);
  }

  /**
   * The hand-written side's end: the model over {@code src} into the product's typed table, the
   * product's checks as the statements they compile to, then renamed into place as {@code
   * bench_bare.<name>}; adds the steps' times to {@code steps}.
   */
  void modelAndRename(DataProductContract c, String src, String name, Map<String, Long> steps) {
    String out = "\"bench_bare\".\"" + name + "_out\"";
    var jdbi = stack.warehouse().jdbi();
    jdbi.useHandle(
        h -> h.execute("DROP TABLE IF EXISTS " + out + ", \"bench_bare\".\"" + name + "\""));
    long transform = System.nanoTime();
    jdbi.useHandle(
        h -> {
          h.execute(ProductTableDdl.createTable(out, c.fields()));
          h.execute(
              "INSERT INTO "
                  + out
                  + " ("
                  + ProductTableDdl.columnList(c.fields())
                  + ") SELECT "
                  + ProductTableDdl.castColumns("m", c.fields(), true)
                  + " FROM ("
                  + ModelTemplate.render(c.transform().sql(), src, ProductId::qualifiedTable)
                  + ") AS m");
        });
    steps.put("insert-select", (System.nanoTime() - transform) / 1_000_000);
    QualityCheckCompiler.Compiled checks =
        new QualityCheckCompiler().compile(out, c.fields(), c.checks());
    long checking = System.nanoTime();
    jdbi.useHandle(
        h -> {
          PipelineBenchmark.query(h, checks.scan());
          for (var grouping : checks.groupings()) PipelineBenchmark.query(h, grouping);
        });
    steps.put("checks", (System.nanoTime() - checking) / 1_000_000);
    long rename = System.nanoTime();
    jdbi.useTransaction(
        h -> {
          h.execute("ALTER TABLE " + out + " RENAME TO \"" + name + "\"");
          h.execute("DROP TABLE " + src);
        });
    steps.put("rename", (System.nanoTime() - rename) / 1_000_000);
  }
}
