package io.meshflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.sql.ColumnLineage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ColumnLineageTest {

  /** Output column → its origins as {@code relation.column}, sorted, for exact comparison. */
  private static Map<String, String> pairs(String sql) {
    ColumnLineage.Result result = ColumnLineage.of(sql).orElseThrow();
    Map<String, String> pairs = new TreeMap<>();
    result
        .outputs()
        .forEach(
            (out, origins) ->
                pairs.put(
                    out,
                    origins.stream()
                        .map(
                            o ->
                                (o.relation().source()
                                        ? "source"
                                        : o.relation().product().toString())
                                    + "."
                                    + o.column())
                        .sorted()
                        .collect(Collectors.joining(","))));
    return pairs;
  }

  private static String model(String path) throws IOException {
    return Files.readString(Path.of("..").resolve(path));
  }

  @Test
  void theGuidesModelTracesEveryColumnThroughItsCteCastsAndMd5() throws IOException {
    assertThat(pairs(model("examples/guide/domains/orders/models/order_events.sql")))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "order_id", "source.order_id",
                    "customer_id", "source.customer_id",
                    "event_ts", "source.event_ts",
                    "status", "source.status",
                    "amount", "source.amount")));
  }

  @Test
  void theExampleMeshsModelsThroughStarsWindowsAndAggregates() throws IOException {
    assertThat(pairs(model("domains/orders/models/order_events.sql")))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "order_id", "source.order_id",
                    "customer_id", "source.customer_id",
                    "status", "source.status",
                    "amount", "source.amount",
                    "currency", "source.currency",
                    "ordered_at", "source.event_ts",
                    "updated_at", "source.event_ts",
                    "event_count", "")));
    assertThat(pairs(model("domains/billing/models/daily_revenue.sql")))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "revenue_date", "orders.order_events.ordered_at",
                    "currency", "orders.order_events.currency",
                    "orders", "",
                    "revenue", "orders.order_events.amount")));
    assertThat(pairs(model("domains/inventory/models/stock_levels.sql")))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "sku", "source.sku",
                    "warehouse", "source.warehouse",
                    "quantity", "source.quantity",
                    "reorder_point", "source.reorder_point",
                    "needs_reorder", "source.quantity,source.reorder_point",
                    "counted_at", "source.snapshot_ts")));
  }

  @Test
  void joinsResolveQualifiedColumnsAndSubqueriesAndUnions() {
    String sql =
        """
        SELECT o.order_id, c.segment AS customer_segment,
               COALESCE(o.amount, 0) * s.rate AS amount_eur,
               (SELECT max(x) FROM {{ ref('fx.rates') }}) AS latest
        FROM {{ ref('orders.order_events') }} AS o
        JOIN (SELECT customer_id, lower(tier) AS segment FROM {{ ref('customers.profiles') }}) c
          ON c.customer_id = o.customer_id
        JOIN {{ source('raw', 'fx') }} s ON s.currency = o.currency
        """;
    assertThat(pairs(sql))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "order_id", "orders.order_events.order_id",
                    "customer_segment", "customers.profiles.tier",
                    "amount_eur", "orders.order_events.amount,source.rate",
                    "latest", "")));
    assertThat(
            pairs(
                "SELECT id FROM {{ ref('a.one') }} UNION ALL SELECT key AS id FROM {{ ref('a.two') }}"))
        .containsExactlyEntriesOf(Map.of("id", "a.one.id,a.two.key"));
  }

  @Test
  void anUnqualifiedColumnOfTwoPlaceholdersIsLeftOutAndAStarOverOneIsIncomplete() {
    assertThat(pairs("SELECT id FROM {{ ref('a.one') }} JOIN {{ ref('a.two') }} USING (id)"))
        .containsExactlyEntriesOf(Map.of("id", ""));
    ColumnLineage.Result star = ColumnLineage.of("SELECT * FROM {{ source() }}").orElseThrow();
    assertThat(star.complete()).isFalse();
    assertThat(star.outputs()).isEmpty();
    assertThat(ColumnLineage.of("SELECT FROM WHERE")).isEmpty();
  }
}
