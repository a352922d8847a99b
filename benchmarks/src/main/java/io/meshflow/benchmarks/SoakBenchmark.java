package io.meshflow.benchmarks;

import com.sun.management.UnixOperatingSystemMXBean;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.backfill.BackfillService;
import io.meshflow.orchestrator.catalog.SearchDao;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.stack.MeshStack;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keeps a stack busy for a while — a run started every two seconds (as schedules would), catalog
 * reads every half second (what the API's endpoints read), and backfills one after another — and
 * samples what a long-running process must not accumulate: heap after a full GC, threads, database
 * connections, file descriptors, staging tables.
 */
public final class SoakBenchmark {
  /** What the process holds at one moment. */
  public record Sample(
      long second,
      long heapMb,
      int threads,
      long connections,
      long fileDescriptors,
      long stagingTables,
      long runs,
      long failedRuns,
      long reads) {}

  private final MeshflowProperties properties;
  private MeshStack stack;
  private Path home;
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private final java.util.Set<String> failures = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

  public SoakBenchmark(MeshflowProperties properties) {
    this.properties = properties;
  }

  /**
   * Soaks for {@code duration}, handing a sample to {@code sampled} every {@code every}, on a stack
   * of its own (see {@link SoakStack}).
   */
  public List<Sample> run(Duration duration, Duration every, Consumer<Sample> sampled)
      throws Exception {
    try (SoakStack soak = SoakStack.start(properties)) {
      this.stack = soak.stack;
      this.home = properties.home().resolve("bench/soak");
      return soak(duration, every, sampled);
    }
  }

  private List<Sample> soak(Duration duration, Duration every, Consumer<Sample> sampled)
      throws Exception {
    Mesh tiny = BenchMesh.write(home, 0);
    Mesh daily = BackfillBenchmark.write(home.resolve("bench/soak-mesh"), 14, 50);
    PublishService tinyRuns = stack.services().publishing(tiny, GovernancePolicies.none());
    PublishService dailyRuns = stack.services().publishing(daily, GovernancePolicies.none());
    dailyRuns.start(product(daily, "bench.year_events"), "bench").result().get();
    BackfillService backfills = stack.services().backfills(dailyRuns);
    DataProductContract partitioned = product(daily, "bench.daily_events");
    List<DataProductContract> products = List.copyOf(tiny.products());

    ExecutorService load = Executors.newFixedThreadPool(3);
    long start = System.nanoTime();
    List<Sample> samples = new ArrayList<>();
    samples.add(sample(start));
    sampled.accept(samples.get(0));
    load.submit(() -> schedule(tinyRuns, products));
    load.submit(this::read);
    load.submit(() -> backfill(backfills, partitioned));
    long end = start + duration.toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(every.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      Sample s = sample(start);
      samples.add(s);
      sampled.accept(s);
    }
    stopping = true;
    load.shutdown();
    load.awaitTermination(2, TimeUnit.MINUTES);
    return samples;
  }

  /** A run every two seconds, round robin over the tiny products. */
  private void schedule(PublishService service, List<DataProductContract> products) {
    for (int i = 0; !stopping; i++) {
      try {
        var run = service.start(products.get(i % products.size()), "soak");
        run.result().get(2, TimeUnit.MINUTES);
        runs.incrementAndGet();
      } catch (Exception e) {
        failed(e);
      }
      pause(2000);
    }
  }

  /** What the API reads, twice a second: products, recent runs, a run, a search, lineage. */
  private void read() {
    SearchDao search = stack.catalog().search();
    while (!stopping) {
      try {
        stack.catalog().products().list();
        var recent = stack.catalog().runs().recent(20, null);
        if (!recent.isEmpty()) stack.catalog().runs().find(recent.get(0).runId());
        search.search("bench");
        stack.services().lineage().impact(ProductId.parse("bench.year_events"), null);
        reads.incrementAndGet();
      } catch (RuntimeException e) {
        failed(e);
      }
      pause(500);
    }
  }

  /** A backfill of the partitioned product's two weeks every five minutes. */
  private void backfill(BackfillService backfills, DataProductContract product) {
    while (!stopping) {
      long next = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      try {
        backfills.start(product, "2025-01-01", "2025-01-14", 2);
        pause(1000);
        while (!stopping && backfills.status(product.id()).map(s -> s.running()).orElse(false)) {
          pause(500);
        }
        var status = backfills.status(product.id()).orElseThrow();
        runs.addAndGet(14 - status.progress().failed().size());
        status.progress().failed().values().forEach(f -> failed(new IllegalStateException(f)));
      } catch (RuntimeException e) {
        failed(e);
      }
      while (!stopping && System.nanoTime() < next) pause(500);
    }
  }

  private void failed(Exception e) {
    failed.incrementAndGet();
    String why = String.valueOf(e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof io.temporal.failure.ApplicationFailure app) {
        why = app.getType() + ": " + app.getOriginalMessage();
        break;
      }
      why = t.getClass().getSimpleName() + ": " + t.getMessage();
    }
    if (failures.size() < 10) failures.add(why.lines().findFirst().orElse(""));
  }

  /** The first few distinct failures seen. */
  public java.util.Set<String> failures() {
    return failures;
  }

  private Sample sample(long start) {
    System.gc();
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1 << 20);
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    long fds =
        ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
            ? unix.getOpenFileDescriptorCount()
            : -1;
    long connections =
        count("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'");
    long staging =
        count("SELECT count(*) FROM pg_tables WHERE schemaname LIKE 'meshflow\\_staging%'");
    return new Sample(
        (System.nanoTime() - start) / 1_000_000_000L,
        heap,
        threads,
        connections,
        fds,
        staging,
        runs.get(),
        failed.get(),
        reads.get());
  }

  private long count(String sql) {
    return stack.warehouse().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private static DataProductContract product(Mesh mesh, String id) {
    return mesh.product(ProductId.parse(id)).orElseThrow();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
