package io.meshflow.benchmarks;

import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The benchmarks' own little mesh, written under the home folder: an order-events product with a
 * large generated CSV, and tiny products for measuring orchestration overhead.
 */
public final class BenchMesh {
  static final String DOMAIN = "bench";

  static final String EVENTS_MODEL =
      """
      -- the latest of each order's events, the customer's email hashed at publish
      SELECT DISTINCT ON (order_id)
             order_id, customer_email, status, amount, currency,
             min(CAST(event_ts AS timestamptz)) OVER (PARTITION BY order_id) AS ordered_at,
             CAST(event_ts AS timestamptz) AS updated_at,
             count(*) OVER (PARTITION BY order_id) AS event_count
      FROM {{ source() }}
      ORDER BY order_id, CAST(event_ts AS timestamptz) DESC, event_id DESC
      """;

  static final String EVENTS_CONTRACT =
      """
      apiVersion: datamesh.io/v1
      kind: DataProduct
      metadata: { name: bench.order_events, domain: bench, version: 1.0.0, description: Benchmark order events. }
      spec:
        owner: platform-team@example.com
        sla: { freshness: 1h, availability: 99% }
        source: { type: csv, path: data/order_events.csv }
        transform: { sql: models/order_events.sql }
        schema:
          fields:
            - { name: order_id, type: string, constraints: { primary_key: true } }
            - { name: customer_email, type: string, constraints: { pii: true, masking: hash } }
            - { name: status, type: string }
            - { name: amount, type: decimal }
            - { name: currency, type: string }
            - { name: ordered_at, type: timestamp }
            - { name: updated_at, type: timestamp }
            - { name: event_count, type: long }
        quality:
          checks:
            - { column: order_id, assertion: expect_column_values_to_not_be_null }
            - { column: status, assertion: expect_column_values_to_be_in_set, value_set: [created, paid, shipped, delivered, cancelled] }
            - { column: amount, assertion: expect_column_values_to_be_between, min_value: 0, max_value: 10000 }
            - { column: currency, assertion: expect_column_values_to_match_regex, regex: "^[A-Z]{3}$" }
            - { column: event_count, assertion: expect_column_max_to_be_between, max_value: 10 }
            - { column: amount, assertion: expect_column_mean_to_be_between, min_value: 1, max_value: 5000 }
            - { assertion: expect_table_row_count_to_be_between, min_value: 1 }
      """;

  static final String TINY_CONTRACT =
      """
      apiVersion: datamesh.io/v1
      kind: DataProduct
      metadata: { name: bench.tiny_%d, domain: bench, version: 1.0.0, description: Ten rows. }
      spec:
        owner: platform-team@example.com
        sla: { freshness: 1h, availability: 99%% }
        source: { type: csv, path: data/tiny.csv }
        transform: { sql: models/tiny.sql }
        schema:
          fields:
            - { name: id, type: long, constraints: { primary_key: true } }
            - { name: label, type: string }
        quality:
          checks:
            - { column: id, assertion: expect_column_values_to_not_be_null }
            - { assertion: expect_table_row_count_to_equal, value: 10 }
      """;

  private BenchMesh() {}

  /**
   * The mesh folder under {@code home}, with the events product for {@code rows} rows and 8 tiny
   * ones.
   */
  public static Mesh write(Path home, long rows) {
    Path root = home.resolve("bench/mesh");
    Path domain = root.resolve(DOMAIN);
    try {
      Files.createDirectories(domain.resolve("models"));
      Files.createDirectories(domain.resolve("data"));
      for (Path old : Files.list(domain).filter(p -> p.toString().endsWith(".yaml")).toList())
        Files.delete(old);
      Files.writeString(domain.resolve("models/order_events.sql"), EVENTS_MODEL);
      Files.writeString(
          domain.resolve("models/tiny.sql"), "SELECT id, label FROM {{ source() }}\n");
      Files.writeString(domain.resolve("data/tiny.csv"), tinyCsv());
      if (rows > 0) {
        Files.writeString(domain.resolve("order_events.yaml"), EVENTS_CONTRACT);
        Path csv = domain.resolve("data/order_events.csv");
        Path marker = domain.resolve("data/order_events.rows");
        String size = Long.toString(rows);
        if (!Files.exists(csv) || !Files.exists(marker) || !Files.readString(marker).equals(size)) {
          Files.deleteIfExists(csv);
          generate(csv, rows);
          Files.writeString(marker, size);
        }
      }
      for (int i = 0; i < 8; i++)
        Files.writeString(domain.resolve("tiny_" + i + ".yaml"), TINY_CONTRACT.formatted(i));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new MeshLoader().load(root);
  }

  private static String tinyCsv() {
    StringBuilder b = new StringBuilder("id,label\n");
    for (int i = 1; i <= 10; i++) b.append(i).append(",row ").append(i).append('\n');
    return b.toString();
  }

  /**
   * Writes {@code rows} order events, deterministically: about three events per order (some
   * repeated), an email per customer, amounts, currencies and timestamps. Streams to disk.
   */
  static void generate(Path file, long rows) throws IOException {
    String[] statuses = {"created", "paid", "shipped", "delivered", "cancelled"};
    String[] currencies = {"EUR", "USD", "GBP"};
    DateTimeFormatter iso = DateTimeFormatter.ISO_INSTANT;
    long base = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    Path partial = file.resolveSibling(file.getFileName() + ".part");
    try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      out.write("event_id,order_id,customer_email,status,amount,currency,event_ts\n");
      StringBuilder line = new StringBuilder(128);
      for (long i = 0; i < rows; i++) {
        long order = i / 3;
        long h = (order * 2654435761L) & 0x7fffffffL;
        line.setLength(0);
        line.append("E")
            .append(i % 97 == 0 && i > 0 ? i - 1 : i)
            .append(",O")
            .append(order)
            .append(",customer")
            .append(h % 100_000)
            .append("@example.com,")
            .append(statuses[(int) ((i % 3 + h) % 5)])
            .append(',')
            .append(String.format(Locale.ROOT, "%d.%02d", h % 5000, h % 100))
            .append(',')
            .append(currencies[(int) (h % 3)])
            .append(',')
            .append(
                iso.format(
                    Instant.ofEpochSecond(base + order * 60 + (i % 3) * 3600)
                        .atOffset(ZoneOffset.UTC)))
            .append('\n');
        out.append(line);
      }
    }
    Files.move(partial, file);
  }
}
