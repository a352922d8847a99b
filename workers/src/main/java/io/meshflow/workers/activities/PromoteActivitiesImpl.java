package io.meshflow.workers.activities;

import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workers.sql.ProductTableDdl;
import io.meshflow.workers.sql.SourcePositions;
import io.meshflow.workers.sql.SqlFailures;
import io.meshflow.workers.sql.StagingTables;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.DiscardRequest;
import io.meshflow.workflows.activities.PromoteActivities;
import io.meshflow.workflows.activities.PromoteRequest;
import io.meshflow.workflows.activities.PromoteResult;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Publishes a run's output as the product's table. Everything happens in one transaction: the
 * masked table is built aside (raw PII never sits in the product's schema), the old table is
 * dropped and the new one moved and renamed into its place, and the table is stamped with the run
 * id. Readers block for the instant of the swap and then see the new version; a failure rolls
 * everything back and leaves the old version as it was.
 */
public class PromoteActivitiesImpl implements PromoteActivities {
  /** Stamp on a published table's comment, so a retried publish recognises its own work. */
  static final String MARKER = "meshflow run ";

  private final Warehouse warehouse;

  public PromoteActivitiesImpl(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  @Override
  public PromoteResult promote(PromoteRequest request) {
    ProductId product = request.product();
    StagingTables staging = warehouse.staging(request.runId());
    String stamp = MARKER + request.runId() + " version " + request.version();
    boolean partitioned = request.partitionColumn() != null && request.window() != null;
    prepareTable(request, partitioned);
    Warehouse.Timed<PromoteResult> timed =
        warehouse.timedTransaction(
            "publishing " + product,
            h -> {
              h.execute("SET LOCAL lock_timeout = '30s'");
              // the table this run replaces: the product's, or one partition of it
              SqlIdentifier targetName =
                  partitioned
                      ? SqlIdentifier.of(
                          product.name().value() + "__p_" + request.window().tableSuffix())
                      : product.name();
              String target = product.domain().quoted() + "." + targetName.quoted();
              Optional<String> current = comment(h, target);
              if (current.isPresent() && current.get().equals(stamp)) {
                return new PromoteResult(target, count(h, target), 0);
              }
              SqlFailures.requireRows(
                  h, staging.qualifiedOutput(), request.expectedRows(), "the transform step");
              if (!Warehouse.tableExists(h, staging.schema().value(), staging.output().value())) {
                throw SqlFailures.stagingLost(
                    "the staging output of run " + request.runId() + " is gone");
              }
              // the output holds the rows the transform wrote (just checked): counted once
              long rows =
                  request.expectedRows() >= 0
                      ? request.expectedRows()
                      : count(h, staging.qualifiedOutput());
              guard(h, request, target, rows);
              SqlIdentifier ready = staging.output();
              if (!request.masked() && ProductTableDdl.needsMasking(request.fields())) {
                ready = staging.masked();
                String masked = staging.qualified(ready);
                h.execute("DROP TABLE IF EXISTS " + masked);
                h.execute(ProductTableDdl.createTable(masked, request.fields()));
                h.execute(
                    "INSERT INTO "
                        + masked
                        + " ("
                        + ProductTableDdl.columnList(request.fields())
                        + ") SELECT "
                        + ProductTableDdl.maskedColumns(request.fields())
                        + " FROM "
                        + staging.qualifiedOutput());
                h.execute("DROP TABLE " + staging.qualifiedOutput());
              }
              // the new table takes over the old one's grants: readers keep their access
              List<Grant> grants = grants(h, target);
              // dropping an attached partition takes it out of its table too
              h.execute("DROP TABLE IF EXISTS " + target);
              h.execute(
                  "ALTER TABLE "
                      + staging.qualified(ready)
                      + " SET SCHEMA "
                      + product.domain().quoted());
              h.execute(
                  "ALTER TABLE "
                      + product.domain().quoted()
                      + "."
                      + ready.quoted()
                      + " RENAME TO "
                      + targetName.quoted());
              if (partitioned) {
                // bounds are instants this activity's caller computed, not user text
                h.execute(
                    "ALTER TABLE "
                        + product.qualifiedTable()
                        + " ATTACH PARTITION "
                        + target
                        + " FOR VALUES FROM (TIMESTAMPTZ '"
                        + request.window().start()
                        + "') TO (TIMESTAMPTZ '"
                        + request.window().end()
                        + "')");
              }
              for (Grant grant : grants) h.execute(grant.on(target));
              h.createUpdate("COMMENT ON TABLE " + target + " IS " + literal(stamp)).execute();
              if (request.range() != null) {
                // the range read is committed with the data it became, or not at all
                new SourcePositions(staging.schema())
                    .commit(h, product, request.runId(), request.range());
              }
              h.execute("DROP TABLE IF EXISTS " + staging.qualifiedSource());
              return new PromoteResult(target, rows, 0);
            });
    return new PromoteResult(timed.value().table(), timed.value().rows(), timed.millis());
  }

  /**
   * Creates the product's schema, and a partitioned product's table, when missing, in a short
   * transaction of its own: the first partitions of a new product, published at once, create them
   * once, and no one holds the creators' lock across the publish's own work.
   */
  private void prepareTable(PromoteRequest request, boolean partitioned) {
    ProductId product = request.product();
    warehouse.inTransaction(
        "creating the table of " + product,
        h -> {
          Warehouse.ensureSchema(h, product.domain());
          if (partitioned
              && !Warehouse.tableExists(h, product.domain().value(), product.name().value())) {
            Warehouse.lock(h, "meshflow.table." + product);
            h.execute(
                ProductTableDdl.createPartitionedTable(
                    product.qualifiedTable(), request.fields(), request.partitionColumn()));
          }
          return null;
        });
  }

  @Override
  public void discard(DiscardRequest request) {
    StagingTables staging = warehouse.staging(request.runId());
    warehouse.inTransaction(
        "discarding the staging tables of run " + request.runId(),
        h -> {
          for (SqlIdentifier t :
              new SqlIdentifier[] {staging.source(), staging.output(), staging.masked()}) {
            h.execute("DROP TABLE IF EXISTS " + staging.qualified(t));
          }
          return null;
        });
  }

  private static Optional<String> comment(Handle h, String table) {
    return h.createQuery("SELECT obj_description(to_regclass(:t), 'pg_class')")
        .bind("t", table)
        .mapTo(String.class)
        .findOne();
  }

  /** Privileges PostgreSQL can grant on a table; anything else read back is not replayed. */
  private static final Set<String> TABLE_PRIVILEGES =
      Set.of(
          "SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN");

  /** A privilege someone other than the owner holds on a table; the grantee quoted, or PUBLIC. */
  private record Grant(String privilege, String grantee) {
    String on(String table) {
      return "GRANT " + privilege + " ON " + table + " TO " + grantee;
    }
  }

  private static List<Grant> grants(Handle h, String table) {
    return h
        .createQuery(
            """
            SELECT a.privilege_type,
                   CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END
            FROM pg_class c
            CROSS JOIN LATERAL aclexplode(c.relacl) AS a
            LEFT JOIN pg_roles r ON r.oid = a.grantee
            WHERE c.oid = to_regclass(:t) AND a.grantee <> c.relowner
            ORDER BY 2, 1""")
        .bind("t", table)
        .map((rs, ctx) -> new Grant(rs.getString(1), rs.getString(2)))
        .list()
        .stream()
        .filter(g -> TABLE_PRIVILEGES.contains(g.privilege()) && g.grantee() != null)
        .toList();
  }

  /**
   * Refuses to let the output replace published rows with nothing, or take away more of them than
   * the contract allows: such a result is far more often a fault upstream than the truth.
   */
  private static void guard(Handle h, PromoteRequest request, String target, long rows) {
    boolean exists =
        h.createQuery("SELECT to_regclass(:t) IS NOT NULL")
            .bind("t", target)
            .mapTo(Boolean.class)
            .one();
    if (!exists) return;
    long published = count(h, target);
    if (published == 0) return;
    String what = request.window() == null ? "" : " of partition " + request.window().key();
    if (rows == 0 && !request.allowEmpty()) {
      throw SqlFailures.contractViolation(
          request.product()
              + ": the run's result is empty and would replace the "
              + published
              + " published rows"
              + what
              + "; nothing was published (if an empty product is right, set spec.publish.allow_empty:"
              + " true)");
    }
    Double limit = request.maxShrinkPercent();
    double shrink = 100.0 * (published - rows) / published;
    if (limit != null && shrink > limit) {
      throw SqlFailures.contractViolation(
          String.format(
              java.util.Locale.ROOT,
              "%s: the run's result has %d rows and would take away %.1f%% of the %d published"
                  + " rows%s, more than spec.publish.max_shrink (%s%%); nothing was published",
              request.product(),
              rows,
              shrink,
              published,
              what,
              new java.math.BigDecimal(limit.toString()).stripTrailingZeros().toPlainString()));
    }
  }

  private static long count(Handle h, String table) {
    return h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one();
  }

  /** COMMENT takes no bind parameters; the stamp is built from a run id and a semver only. */
  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
