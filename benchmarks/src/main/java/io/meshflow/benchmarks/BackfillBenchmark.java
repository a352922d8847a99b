package io.meshflow.benchmarks;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.contracts.model.Partitioning;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.backfill.BackfillService;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.workflows.publish.PublishWorkflow;
import io.meshflow.workflows.run.PublishResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Backfills a year of daily partitions of a small product (a few hundred rows a day, read from an
 * upstream product), one partition at a time and then eight at a time, and splits each backfill's
 * time into the SQL done inside the activities and the orchestration around it.
 */
public final class BackfillBenchmark {
  static final LocalDate FIRST_DAY = LocalDate.parse("2025-01-01");

  static final String EVENTS_CONTRACT =
      """
      apiVersion: datamesh.io/v1
      kind: DataProduct
      metadata: { name: bench.year_events, domain: bench, version: 1.0.0, description: A year of events. }
      spec:
        owner: platform-team@example.com
        sla: { freshness: 1d, availability: 99% }
        source: { type: csv, path: data/year_events.csv }
        transform: { sql: models/year_events.sql }
        schema:
          fields:
            - { name: event_id, type: long, constraints: { primary_key: true } }
            - { name: status, type: string }
            - { name: amount, type: decimal }
            - { name: event_ts, type: timestamp }
        quality:
          checks:
            - { column: event_id, assertion: expect_column_values_to_not_be_null }
      """;

  static final String DAILY_CONTRACT =
      """
      apiVersion: datamesh.io/v1
      kind: DataProduct
      metadata: { name: bench.daily_events, domain: bench, version: 1.0.0, description: One day of events per partition. }
      spec:
        owner: platform-team@example.com
        sla: { freshness: 1d, availability: 99% }
        transform: { sql: models/daily_events.sql }
        partitioning: { column: event_ts, granularity: day, start: 2025-01-01 }
        schema:
          fields:
            - { name: event_id, type: long, constraints: { primary_key: true } }
            - { name: status, type: string }
            - { name: amount, type: decimal }
            - { name: event_ts, type: timestamp, constraints: { "null": false } }
        quality:
          checks:
            - { column: event_id, assertion: expect_column_values_to_not_be_null }
            - { column: event_id, assertion: expect_column_values_to_be_unique }
            - { column: status, assertion: expect_column_values_to_be_in_set, value_set: [created, paid, shipped] }
            - { column: amount, assertion: expect_column_values_to_be_between, min_value: 0 }
      """;

  /** One backfill of every partition. */
  public record Series(
      int concurrency, int partitions, long wallMillis, long sqlMillis, long meanRunMillis) {
    public double partitionsPerSecond() {
      return partitions * 1000.0 / Math.max(1, wallMillis);
    }

    /** The backfill's wall time beyond the SQL inside the activities, per partition. */
    public long wallOverheadPerPartitionMillis() {
      return Math.max(0, wallMillis - sqlMillis) / Math.max(1, partitions);
    }

    /** A partition run's latency beyond its SQL, on average. */
    public long runOverheadMillis() {
      return Math.max(0, meanRunMillis - sqlMillis / Math.max(1, partitions));
    }
  }

  /** Both series; the speed-up is the sequential wall time over the concurrent one. */
  public record Result(int partitions, int rowsPerDay, Series sequential, Series concurrent) {
    public double speedUp() {
      return sequential.wallMillis() / (double) Math.max(1, concurrent.wallMillis());
    }
  }

  private final MeshStack stack;
  private final Path home;

  public BackfillBenchmark(MeshStack stack, Path home) {
    this.stack = stack;
    this.home = home;
  }

  public Result run(int partitions, int rowsPerDay) throws Exception {
    Mesh mesh = write(home.resolve("bench/backfill-mesh"), partitions, rowsPerDay);
    PublishService publish = stack.services().publishing(mesh, GovernancePolicies.none());
    publish.start(product(mesh, "bench.year_events"), "bench").result().get();
    DataProductContract daily = product(mesh, "bench.daily_events");
    List<String> keys =
        PartitionWindow.range(
            Partitioning.Granularity.DAY,
            FIRST_DAY.toString(),
            FIRST_DAY.plusDays(partitions - 1L).toString());
    BackfillService backfills = stack.services().backfills(publish);
    Series sequential = backfill(backfills, daily, keys, 1);
    Series concurrent = backfill(backfills, daily, keys, 8);
    return new Result(partitions, rowsPerDay, sequential, concurrent);
  }

  private Series backfill(
      BackfillService backfills, DataProductContract daily, List<String> keys, int concurrency)
      throws Exception {
    java.time.Instant since = java.time.Instant.now().minusSeconds(1);
    long start = System.nanoTime();
    backfills.start(daily, keys.get(0), keys.get(keys.size() - 1), concurrency);
    while (true) {
      var status = backfills.status(daily.id()).orElseThrow();
      if (!status.running()) {
        if (!status.progress().failed().isEmpty()) {
          throw new IllegalStateException(
              "partitions failed in the benchmark: " + status.progress().failed());
        }
        break;
      }
      Thread.sleep(20);
    }
    long wall = (System.nanoTime() - start) / 1_000_000;
    long sql = 0;
    for (String key : keys) {
      sql +=
          stack
              .client()
              .newUntypedWorkflowStub(PublishWorkflow.workflowId(daily.id().toString(), key))
              .getResult(PublishResult.class)
              .sqlMillis();
    }
    // a run's latency as its record says: from its first step to its catalog-update
    long meanRun =
        stack
            .warehouse()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            """
                            SELECT coalesce(round(avg(extract(epoch FROM finished_at - started_at) * 1000)), 0)
                            FROM meshflow.runs
                            WHERE product_id = :product AND trigger = 'backfill' AND started_at >= :since
                            """)
                        .bind("product", daily.id().toString())
                        .bind("since", since)
                        .mapTo(Long.class)
                        .one());
    return new Series(concurrency, keys.size(), wall, sql, meanRun);
  }

  private static DataProductContract product(Mesh mesh, String id) {
    return mesh.product(ProductId.parse(id)).orElseThrow();
  }

  /** The two products, and {@code rowsPerDay} events for each of {@code days} days. */
  static Mesh write(Path root, int days, int rowsPerDay) throws IOException {
    Path domain = root.resolve(BenchMesh.DOMAIN);
    Files.createDirectories(domain.resolve("models"));
    Files.createDirectories(domain.resolve("data"));
    Files.writeString(domain.resolve("year_events.yaml"), EVENTS_CONTRACT);
    Files.writeString(domain.resolve("daily_events.yaml"), DAILY_CONTRACT);
    Files.writeString(
        domain.resolve("models/year_events.sql"),
        "SELECT event_id, status, amount, event_ts FROM {{ source() }}\n");
    Files.writeString(
        domain.resolve("models/daily_events.sql"),
        """
        SELECT event_id, status, amount, event_ts FROM {{ ref('bench.year_events') }}
        WHERE event_ts >= {{ partition_start }} AND event_ts < {{ partition_end }}
        """);
    String[] statuses = {"created", "paid", "shipped"};
    try (BufferedWriter out =
        Files.newBufferedWriter(domain.resolve("data/year_events.csv"), StandardCharsets.UTF_8)) {
      out.write("event_id,status,amount,event_ts\n");
      long id = 0;
      for (int d = 0; d < days; d++) {
        LocalDate day = FIRST_DAY.plusDays(d);
        for (int i = 0; i < rowsPerDay; i++, id++) {
          out.write(
              String.format(
                  Locale.ROOT,
                  "%d,%s,%d.%02d,%sT%02d:%02d:00Z%n",
                  id,
                  statuses[(int) (id % 3)],
                  id % 500,
                  id % 100,
                  day,
                  i * 24 / rowsPerDay,
                  i % 60));
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new MeshLoader().load(root);
  }
}
