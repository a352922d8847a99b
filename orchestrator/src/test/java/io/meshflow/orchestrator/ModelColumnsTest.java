package io.meshflow.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.orchestrator.lineage.ModelColumns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelColumnsTest {
  @Test
  void columnsCopiedRenamedOrCastStraightFromTheSourceAreTraced() throws Exception {
    var lineage =
        ModelColumns.of(Files.readString(Path.of("../domains/inventory/models/stock_levels.sql")))
            .orElseThrow();
    assertThat(lineage.input().source()).isTrue();
    assertThat(lineage.columns())
        .containsExactly(
            Map.entry("sku", "sku"),
            Map.entry("warehouse", "warehouse"),
            Map.entry("quantity", "quantity"),
            Map.entry("reorder_point", "reorder_point"),
            Map.entry("counted_at", "snapshot_ts"));
  }

  @Test
  void columnsReadThroughARefAreTracedToTheProduct() throws Exception {
    var lineage =
        ModelColumns.of(Files.readString(Path.of("../domains/billing/models/daily_revenue.sql")))
            .orElseThrow();
    assertThat(lineage.input().product().toString()).isEqualTo("orders.order_events");
    assertThat(lineage.columns()).containsExactly(Map.entry("currency", "currency"));
  }

  @Test
  void aRefWrittenAsDbtWritesItIsTracedToTheProductToo() {
    var lineage =
        ModelColumns.of("SELECT currency, amount AS total FROM {{ ref('orders', 'order_events') }}")
            .orElseThrow();
    assertThat(lineage.input().source()).isFalse();
    assertThat(lineage.input().product().toString()).isEqualTo("orders.order_events");
    assertThat(lineage.columns())
        .containsExactly(Map.entry("currency", "currency"), Map.entry("total", "amount"));
  }

  @Test
  void aModelThatSelectsFromItsOwnCteGivesNone() throws Exception {
    assertThat(
            ModelColumns.of(Files.readString(Path.of("../domains/orders/models/order_events.sql"))))
        .isEmpty();
    assertThat(
            ModelColumns.of("SELECT a AS b, c.d, e FROM {{ ref('x.y') }} c WHERE (SELECT 1) = 1")
                .orElseThrow()
                .columns())
        .containsExactly(Map.entry("b", "a"), Map.entry("d", "d"), Map.entry("e", "e"));
  }
}
