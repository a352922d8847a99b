package io.meshflow.workers.sql;

import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workflows.run.SourceOffsets;
import io.temporal.failure.ApplicationFailure;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * How far each product has published each Kafka topic it reads: per partition, the next offset to
 * read. The table lives in the domain's staging schema, beside the data it describes and owned by
 * the domain's role, because the publish writes it in the very transaction that publishes the data:
 * a range is either published and committed, or neither. It is a logged table (staging tables are
 * not): a database crash never takes a committed position back.
 */
public final class SourcePositions {
  /** The table's name in a staging schema; no run's staging table is ever named so. */
  public static final SqlIdentifier TABLE = SqlIdentifier.of("source_positions");

  private final String table;

  public SourcePositions(SqlIdentifier stagingSchema) {
    this.table = stagingSchema.quoted() + "." + TABLE.quoted();
  }

  /** Creates the table when missing; call it in a short transaction of its own. */
  public void ensure(Handle h) {
    if (h.createQuery("SELECT to_regclass(:t) IS NOT NULL")
        .bind("t", table)
        .mapTo(Boolean.class)
        .one()) {
      return;
    }
    Warehouse.lock(h, "meshflow.positions." + table);
    h.execute(
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " (product text NOT NULL, topic text NOT NULL, kafka_partition integer NOT NULL,"
            + " next_offset bigint NOT NULL, run_id text NOT NULL,"
            + " committed_at timestamptz NOT NULL DEFAULT now(),"
            + " PRIMARY KEY (product, topic, kafka_partition))");
  }

  /** The next offset to read of each partition of {@code topic} that {@code product} published. */
  public Map<Integer, Long> committed(Handle h, ProductId product, String topic) {
    Map<Integer, Long> offsets = new HashMap<>();
    h.createQuery(
            "SELECT kafka_partition, next_offset FROM "
                + table
                + " WHERE product = :product AND topic = :topic")
        .bind("product", product.toString())
        .bind("topic", topic)
        .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getLong(2)))
        .forEach(e -> offsets.put(e.getKey(), e.getValue()));
    return offsets;
  }

  /**
   * Moves the product's positions to the ends of the range its run read, inside the publishing
   * transaction {@code h}. Refuses, failing the publish, when another run has moved them since this
   * run read: its data would then overlap or leave a gap.
   */
  public void commit(Handle h, ProductId product, String runId, SourceOffsets offsets) {
    Map<Integer, Long> now = new HashMap<>();
    h.createQuery(
            "SELECT kafka_partition, next_offset FROM "
                + table
                + " WHERE product = :product AND topic = :topic FOR UPDATE")
        .bind("product", product.toString())
        .bind("topic", offsets.topic())
        .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getLong(2)))
        .forEach(e -> now.put(e.getKey(), e.getValue()));
    for (SourceOffsets.Partition p : offsets.partitions()) {
      Long current = now.get(p.partition());
      if (!java.util.Objects.equals(current, p.committed())) {
        throw ApplicationFailure.newNonRetryableFailure(
            product
                + ": another run published topic "
                + offsets.topic()
                + " partition "
                + p.partition()
                + " up to offset "
                + current
                + " after this run read it from offset "
                + p.from()
                + "; nothing was published (run again to read on from there)",
            "SourceMoved");
      }
    }
    for (SourceOffsets.Partition p : offsets.partitions()) {
      h.createUpdate(
              "INSERT INTO "
                  + table
                  + " (product, topic, kafka_partition, next_offset, run_id)"
                  + " VALUES (:product, :topic, :partition, :offset, :run)"
                  + " ON CONFLICT (product, topic, kafka_partition) DO UPDATE SET"
                  + " next_offset = EXCLUDED.next_offset, run_id = EXCLUDED.run_id,"
                  + " committed_at = now()")
          .bind("product", product.toString())
          .bind("topic", offsets.topic())
          .bind("partition", p.partition())
          .bind("offset", p.to())
          .bind("run", runId)
          .execute();
    }
  }
}
