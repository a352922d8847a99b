package io.meshflow.benchmarks;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.workflows.run.PublishResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Publishes a 10-row product many times, one at a time and eight at a time. */
public final class OverheadBenchmark {

  /** Latencies of one series of runs. */
  public record Series(
      int concurrency, int runs, long wallMillis, long p50, long p95, long p99, long sqlP50) {
    public double runsPerSecond() {
      return runs * 1000.0 / Math.max(1, wallMillis);
    }
  }

  /** Both series. */
  public record Result(Series sequential, Series concurrent) {}

  private final MeshStack stack;
  private final Path home;

  public OverheadBenchmark(MeshStack stack, Path home) {
    this.stack = stack;
    this.home = home;
  }

  public Result run(int runs) throws Exception {
    Mesh mesh = BenchMesh.write(home, 0);
    List<DataProductContract> tiny =
        mesh.products().stream().filter(c -> c.id().name().value().startsWith("tiny_")).toList();
    PublishService service = stack.services().publishing(mesh, GovernancePolicies.none());
    for (DataProductContract c : tiny) {
      service.register(c);
      service.start(c, "bench").result().get(); // warm up every product once
    }
    return new Result(series(service, tiny.subList(0, 1), runs), series(service, tiny, runs));
  }

  /** {@code runs} runs spread over the products, one thread per product. */
  private Series series(PublishService service, List<DataProductContract> products, int runs)
      throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<Long> sql = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(products.size());
    long start = System.nanoTime();
    List<Future<?>> threads = new ArrayList<>();
    for (int t = 0; t < products.size(); t++) {
      DataProductContract product = products.get(t);
      int share = runs / products.size() + (t < runs % products.size() ? 1 : 0);
      threads.add(
          pool.submit(
              () -> {
                for (int i = 0; i < share; i++) {
                  long begin = System.nanoTime();
                  PublishResult r = service.start(product, "bench").result().get();
                  latencies.add((System.nanoTime() - begin) / 1_000_000);
                  sql.add(r.sqlMillis());
                }
                return null;
              }));
    }
    for (Future<?> f : threads) f.get();
    long wall = (System.nanoTime() - start) / 1_000_000;
    pool.shutdown();
    List<Long> sorted = latencies.stream().sorted().toList();
    List<Long> sqlSorted = sql.stream().sorted().toList();
    return new Series(
        products.size(),
        runs,
        wall,
        percentile(sorted, 50),
        percentile(sorted, 95),
        percentile(sorted, 99),
        percentile(sqlSorted, 50));
  }

  static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) return 0;
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
