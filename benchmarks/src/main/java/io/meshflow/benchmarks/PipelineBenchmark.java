package io.meshflow.benchmarks;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.workers.quality.QualityCheckCompiler;
import io.meshflow.workers.sql.ProductTableDdl;
import io.meshflow.workflows.run.PublishResult;
import io.meshflow.workflows.run.StepRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;

/**
 * The full publish workflow on N order events against the same work done as bare SQL on the same
 * PostgreSQL, in one run: COPY, one INSERT … SELECT with the same transform and masking, the same
 * checks' statements, a rename.
 */
public final class PipelineBenchmark {

  /** What one run measured. */
  public record Result(
      long rows,
      long rowsOut,
      long meshflowMillis,
      long bareMillis,
      Map<String, Long> meshflowSteps,
      Map<String, Long> bareSteps,
      long sqlMillis,
      long peakHeapMb) {
    public double ratio() {
      return (double) meshflowMillis / Math.max(1, bareMillis);
    }

    public long rowsPerSecond() {
      return rows * 1000 / Math.max(1, meshflowMillis);
    }
  }

  private final MeshStack stack;
  private final Path home;

  public PipelineBenchmark(MeshStack stack, Path home) {
    this.stack = stack;
    this.home = home;
  }

  public Result run(long rows) throws Exception {
    Mesh mesh = BenchMesh.write(home, rows);
    DataProductContract events = mesh.product(ProductId.parse("bench.order_events")).orElseThrow();
    PublishService service = stack.services().publishing(mesh, GovernancePolicies.none());
    service.register(events);

    resetPeaks();
    long start = System.nanoTime();
    PublishResult result = service.start(events, "bench").result().get();
    long meshflow = (System.nanoTime() - start) / 1_000_000;
    long peak = peakHeapMb();
    Map<String, Long> steps = new LinkedHashMap<>();
    for (StepRecord s : result.steps()) steps.put(s.step().label(), s.durationMillis());

    Map<String, Long> bare = bareSql(events);
    long bareTotal = bare.values().stream().mapToLong(Long::longValue).sum();
    return new Result(
        rows, result.rowsOut(), meshflow, bareTotal, steps, bare, result.sqlMillis(), peak);
  }

  /** The same work without Meshflow: each statement timed, on one connection. */
  private Map<String, Long> bareSql(DataProductContract c) {
    String src = "\"bench_bare\".\"src\"";
    String out = "\"bench_bare\".\"out\"";
    String published = "\"bench_bare\".\"order_events\"";
    Map<String, Long> steps = new LinkedHashMap<>();
    stack
        .warehouse()
        .jdbi()
        .useHandle(
            h -> {
              h.execute("CREATE SCHEMA IF NOT EXISTS bench_bare");
              h.execute("DROP TABLE IF EXISTS " + src + ", " + out + ", " + published);
              steps.put(
                  "copy",
                  time(
                      () -> {
                        h.execute(
                            "CREATE UNLOGGED TABLE "
                                + src
                                + " (event_id text, order_id text, customer_email text, status text,"
                                + " amount text, currency text, event_ts text)");
                        copy(h, src, c.source().path());
                      }));
              String model =
                  ModelTemplate.render(c.transform().sql(), src, ProductId::qualifiedTable);
              steps.put(
                  "insert-select",
                  time(
                      () -> {
                        h.execute(ProductTableDdl.createTable(out, c.fields()));
                        h.execute(
                            "INSERT INTO "
                                + out
                                + " ("
                                + ProductTableDdl.columnList(c.fields())
                                + ") SELECT "
                                + ProductTableDdl.castColumns("m", c.fields(), true)
                                + " FROM ("
                                + model
                                + ") AS m");
                      }));
              QualityCheckCompiler.Compiled checks =
                  new QualityCheckCompiler().compile(out, c.fields(), c.checks());
              steps.put(
                  "checks",
                  time(
                      () -> {
                        query(h, checks.scan());
                        for (var grouping : checks.groupings()) query(h, grouping);
                      }));
              steps.put(
                  "rename",
                  time(
                      () ->
                          h.inTransaction(
                              tx -> {
                                tx.execute("DROP TABLE IF EXISTS " + published);
                                tx.execute("ALTER TABLE " + out + " RENAME TO \"order_events\"");
                                return null;
                              })));
              h.execute("DROP TABLE IF EXISTS " + src);
            });
    return steps;
  }

  static void query(Handle h, QualityCheckCompiler.Statement s) {
    var q = h.createQuery(s.sql());
    for (int i = 0; i < s.binds().size(); i++) q.bind(i, s.binds().get(i));
    q.map((rs, ctx) -> rs.getObject(1)).one();
  }

  private static void copy(Handle h, String table, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      h.getConnection()
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn("COPY " + table + " FROM STDIN WITH (FORMAT csv, HEADER true)", in, 1 << 20);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long time(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
    }
  }

  /** Sum of the heap pools' peaks since the reset: an upper bound of the heap in use at once. */
  static long peakHeapMb() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) bytes += pool.getPeakUsage().getUsed();
    }
    return bytes / (1024 * 1024);
  }
}
