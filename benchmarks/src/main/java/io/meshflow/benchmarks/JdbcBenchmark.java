package io.meshflow.benchmarks;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.stack.MeshStack;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;

/**
 * N rows of a table in another database of the embedded PostgreSQL ({@code bench_shop}, standing in
 * for an operational database), published through the whole workflow (a streamed extract over JDBC,
 * transform, checks, publish) against the same work by hand in the same run: {@code COPY (SELECT …)
 * TO STDOUT} on the source piped into {@code COPY … FROM STDIN} on the warehouse, the model's
 * {@code INSERT … SELECT} and a rename.
 */
public final class JdbcBenchmark {
  static final String DATABASE = "bench_shop";
  static final String TABLE = "public.orders";
  private static final String COLUMNS = "id, customer, status, amount, updated_at";

  static final String CONTRACT =
      """
      apiVersion: datamesh.io/v1
      kind: DataProduct
      metadata: { name: bench.shop_orders, domain: bench, version: 1.0.0, description: Benchmark orders from a database. }
      spec:
        owner: platform-team@example.com
        sla: { freshness: 1h, availability: 99% }
        transform: { sql: models/shop_orders.sql }
        schema:
          fields:
            - { name: id, type: long, constraints: { primary_key: true } }
            - { name: customer, type: string }
            - { name: status, type: string }
            - { name: amount, type: decimal }
            - { name: updated_at, type: timestamp }
        quality:
          checks:
            - { column: id, assertion: expect_column_values_to_not_be_null }
            - { column: status, assertion: expect_column_values_to_be_in_set, value_set: [created, paid, shipped, delivered, cancelled] }
            - { column: amount, assertion: expect_column_values_to_be_between, min_value: 0, max_value: 10000 }
            - { assertion: expect_table_row_count_to_be_between, min_value: 1 }
      """;

  private final MeshStack stack;
  private final Path home;

  public JdbcBenchmark(MeshStack stack, Path home) {
    this.stack = stack;
    this.home = home;
  }

  public SourceComparison.Result run(long rows, int passes) throws Exception {
    String sourceUrl = sourceUrl();
    fill(sourceUrl, rows);
    Mesh mesh = writeMesh(sourceUrl);
    DataProductContract orders = mesh.product(ProductId.parse("bench.shop_orders")).orElseThrow();
    SourceComparison comparison = new SourceComparison(stack);
    return comparison.run(
        stack.services().publishing(mesh, GovernancePolicies.none()),
        orders,
        rows,
        passes,
        () -> bare(comparison, sourceUrl, orders),
        () -> {});
  }

  /** The bench database's URL: the warehouse's server, database {@value #DATABASE}. */
  private String sourceUrl() {
    URI uri = URI.create(stack.jdbcUrl().substring("jdbc:".length()));
    return "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + "/" + DATABASE;
  }

  /** Creates the source table with {@code rows} orders, unless it already holds them. */
  private void fill(String url, long rows) {
    boolean exists =
        stack
            .warehouse()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT count(*) > 0 FROM pg_database WHERE datname = :d")
                        .bind("d", DATABASE)
                        .mapTo(Boolean.class)
                        .one());
    if (!exists) {
      stack.warehouse().jdbi().useHandle(h -> h.execute("CREATE DATABASE " + DATABASE));
    }
    Jdbi source = Jdbi.create(url + "?user=postgres");
    source.useHandle(
        h -> {
          h.execute(
              "CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, customer text, status"
                  + " text, amount numeric(10, 2), updated_at timestamptz)");
          long held = h.createQuery("SELECT count(*) FROM orders").mapTo(Long.class).one();
          if (held != rows) {
            h.execute("TRUNCATE orders");
            h.createUpdate(
                    "INSERT INTO orders SELECT i, 'customer-' || (i % 50000),"
                        + " (ARRAY['created','paid','shipped','delivered','cancelled'])[1 + i % 5],"
                        + " (i % 500) + (i % 100) / 100.0, TIMESTAMPTZ '2026-03-01 00:00:00+00' +"
                        + " i * interval '1 second' FROM generate_series(1, :rows) AS i")
                .bind("rows", rows)
                .execute();
            h.execute("VACUUM ANALYZE orders");
          }
        });
  }

  private Mesh writeMesh(String url) throws Exception {
    Path root = home.resolve("bench-jdbc-mesh");
    Path domain = Files.createDirectories(root.resolve("bench/models"));
    Files.writeString(
        root.resolve("bench/sources.yaml"),
        """
        apiVersion: datamesh.io/v1
        kind: Sources
        sources:
          - name: shop
            type: postgres
            connection: { url: "%s", user: postgres }
            tables:
              - name: orders
                table: %s
                columns:
                  - { name: id, type: long }
                  - { name: customer, type: string }
                  - { name: status, type: string }
                  - { name: amount, type: decimal }
                  - { name: updated_at, type: timestamp }
        """
            .formatted(url, TABLE));
    Files.writeString(
        domain.resolve("shop_orders.sql"),
        "SELECT " + COLUMNS + " FROM {{ source('shop', 'orders') }}\n");
    Files.writeString(root.resolve("bench/shop_orders.yaml"), CONTRACT);
    return new MeshLoader().load(root);
  }

  /** By hand: the source's rows piped from one database's COPY into the other's, then the model. */
  private Map<String, Long> bare(SourceComparison comparison, String url, DataProductContract c)
      throws Exception {
    Map<String, Long> steps = new LinkedHashMap<>();
    String src = "\"bench_bare\".\"jdbc_src\"";
    var jdbi = stack.warehouse().jdbi();
    jdbi.useHandle(
        h -> {
          h.execute("CREATE SCHEMA IF NOT EXISTS bench_bare");
          h.execute("DROP TABLE IF EXISTS " + src);
        });
    long start = System.nanoTime();
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try (Connection from = DriverManager.getConnection(url + "?user=postgres")) {
      jdbi.useTransaction(
          h -> {
            h.execute(
                "CREATE UNLOGGED TABLE "
                    + src
                    + " (id bigint, customer text, status text, amount numeric, updated_at"
                    + " timestamptz, _ingestion_ts timestamptz NOT NULL DEFAULT now())");
            try (PipedInputStream in = new PipedInputStream(1 << 20);
                PipedOutputStream out = new PipedOutputStream(in)) {
              Future<Long> sent =
                  reader.submit(
                      () -> {
                        try (out) {
                          return from.unwrap(PGConnection.class)
                              .getCopyAPI()
                              .copyOut(
                                  "COPY (SELECT "
                                      + COLUMNS
                                      + " FROM "
                                      + TABLE
                                      + ") TO STDOUT WITH (FORMAT csv)",
                                  out);
                        }
                      });
              h.getConnection()
                  .unwrap(PGConnection.class)
                  .getCopyAPI()
                  .copyIn("COPY " + src + " (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv)", in);
              sent.get();
            }
          });
    } finally {
      reader.shutdownNow();
    }
    steps.put("copy|copy", (System.nanoTime() - start) / 1_000_000);
    comparison.modelAndRename(c, src, "shop_orders", steps);
    return steps;
  }
}
