package io.meshflow.workers.sql;

import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workflows.run.SourceRange;
import io.temporal.failure.ApplicationFailure;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * How far each product has published each source it reads incrementally: per Kafka partition, the
 * next offset to read; for a table read by a cursor column, the highest value read. The table lives
 * in the domain's staging schema, beside the data it describes and owned by the domain's role,
 * because the publish writes it in the very transaction that publishes the data: a range is either
 * published and committed, or neither. It is a logged table (staging tables are not): a database
 * crash never takes a committed position back.
 */
public final class SourcePositions {
  /** The table's name in a staging schema; no run's staging table is ever named so. */
  public static final SqlIdentifier TABLE = SqlIdentifier.of("source_positions");

  /** The partition a cursor's position is kept under. */
  private static final int CURSOR = -1;

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
            + " (product text NOT NULL, source text NOT NULL, part integer NOT NULL,"
            + " next_offset bigint, cursor_value text, run_id text NOT NULL,"
            + " committed_at timestamptz NOT NULL DEFAULT now(),"
            + " PRIMARY KEY (product, source, part))");
  }

  /** The next offset to read of each partition of {@code topic} that {@code product} published. */
  public Map<Integer, Long> offsets(Handle h, ProductId product, String topic) {
    Map<Integer, Long> offsets = new HashMap<>();
    h.createQuery(
            "SELECT part, next_offset FROM "
                + table
                + " WHERE product = :product AND source = :source AND part >= 0")
        .bind("product", product.toString())
        .bind("source", topic)
        .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getLong(2)))
        .forEach(e -> offsets.put(e.getKey(), e.getValue()));
    return offsets;
  }

  /** The highest cursor value of {@code source} that {@code product} published, or null. */
  public String cursor(Handle h, ProductId product, String source) {
    return h.createQuery(
            "SELECT cursor_value FROM "
                + table
                + " WHERE product = :product AND source = :source AND part = "
                + CURSOR)
        .bind("product", product.toString())
        .bind("source", source)
        .mapTo(String.class)
        .findOne()
        .orElse(null);
  }

  /**
   * Moves the product's positions to the end of the range its run read, inside the publishing
   * transaction {@code h}. Refuses, failing the publish, when another run has moved them since this
   * run read: its data would then overlap or leave a gap.
   */
  public void commit(Handle h, ProductId product, String runId, SourceRange range) {
    Map<Integer, String> now = new HashMap<>();
    h.createQuery(
            "SELECT part, coalesce(next_offset::text, cursor_value) FROM "
                + table
                + " WHERE product = :product AND source = :source FOR UPDATE")
        .bind("product", product.toString())
        .bind("source", range.source())
        .map((rs, ctx) -> Map.entry(rs.getInt(1), String.valueOf(rs.getString(2))))
        .forEach(e -> now.put(e.getKey(), e.getValue()));
    if (range.cursor() != null) {
      SourceRange.Cursor cursor = range.cursor();
      if (!Objects.equals(now.get(CURSOR), cursor.committed())) {
        throw moved(
            product, range, "up to " + cursor.column() + " " + now.get(CURSOR), cursor.committed());
      }
      if (cursor.to() != null) {
        upsert(h, product, range.source(), CURSOR, null, cursor.to(), runId);
      }
      return;
    }
    for (SourceRange.Partition p : range.partitions()) {
      String current = now.get(p.partition());
      String expected = p.committed() == null ? null : p.committed().toString();
      if (!Objects.equals(current, expected)) {
        throw moved(
            product,
            range,
            "partition " + p.partition() + " up to offset " + current,
            "offset " + p.from());
      }
    }
    for (SourceRange.Partition p : range.partitions()) {
      upsert(h, product, range.source(), p.partition(), p.to(), null, runId);
    }
  }

  private void upsert(
      Handle h,
      ProductId product,
      String source,
      int part,
      Long offset,
      String cursor,
      String run) {
    h.createUpdate(
            "INSERT INTO "
                + table
                + " (product, source, part, next_offset, cursor_value, run_id)"
                + " VALUES (:product, :source, :part, :offset, :cursor, :run)"
                + " ON CONFLICT (product, source, part) DO UPDATE SET"
                + " next_offset = EXCLUDED.next_offset, cursor_value = EXCLUDED.cursor_value,"
                + " run_id = EXCLUDED.run_id, committed_at = now()")
        .bind("product", product.toString())
        .bind("source", source)
        .bind("part", part)
        .bind("offset", offset)
        .bind("cursor", cursor)
        .bind("run", run)
        .execute();
  }

  private static ApplicationFailure moved(
      ProductId product, SourceRange range, String published, String readFrom) {
    return ApplicationFailure.newNonRetryableFailure(
        product
            + ": another run published "
            + range.what()
            + " "
            + published
            + " after this run read it from "
            + (readFrom == null ? "its start" : readFrom)
            + "; nothing was published (run again to read on from there)",
        "SourceMoved");
  }
}
