package io.meshflow.workers.activities;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workers.sql.ProductAccess;
import io.meshflow.workers.sql.ProductTableDdl;
import io.meshflow.workers.sql.SourcePositions;
import io.meshflow.workers.sql.SqlFailures;
import io.meshflow.workers.sql.StagingTables;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.DiscardRequest;
import io.meshflow.workflows.activities.Merge;
import io.meshflow.workflows.activities.PromoteActivities;
import io.meshflow.workflows.activities.PromoteRequest;
import io.meshflow.workflows.activities.PromoteResult;
import io.meshflow.workflows.activities.ValidateRequest;
import io.meshflow.workflows.run.CheckOutcome;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Publishes a run's output as the product's table. Everything happens in one transaction: the
 * masked table is built aside (raw PII never sits in the product's schema), the old table is
 * dropped and the new one moved and renamed into its place, and the table is stamped with the run
 * id, and its consumers' grants, secured view and row filters are made to match its contract.
 * Readers block for the instant of the swap and then see the new version; a failure rolls
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
                return new PromoteResult(
                    target,
                    count(h, target),
                    0,
                    List.of(),
                    newest(h, target, request.eventTimeColumn()));
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
              // an incremental product's rows are merged into its table once it has one
              Merge merge = partitioned ? null : request.merge();
              boolean merging =
                  merge != null
                      && !merge.rebuild()
                      && Warehouse.tableExists(h, product.domain().value(), targetName.value());
              if (!merging) guard(h, request, target, rows);
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
              if (merge != null) uniqueKeys(h, product, staging.qualified(ready), merge.key());
              // an incremental product's merged table is checked before it commits; a check that
              // stops the run takes the publish back to here
              h.execute("SAVEPOINT mf_publish");
              if (merging) {
                merge(h, target, staging.qualified(ready), request.fields(), merge.key());
              } else {
                swap(h, request, staging, ready, target, targetName, partitioned);
                if (merge != null) {
                  // the key's index: the merges find the rows they replace by it
                  h.execute("CREATE UNIQUE INDEX ON " + target + " (" + keyList(merge.key()) + ")");
                }
              }
              List<CheckOutcome> outcomes = List.of();
              if (merge != null && !merge.checks().isEmpty()) {
                outcomes =
                    ValidateActivitiesImpl.check(
                            h,
                            new ValidateRequest(
                                target,
                                request.fields(),
                                merge.checks(),
                                merge.evidenceRows(),
                                -1,
                                merge.runStartedAtMillis()))
                        .outcomes();
                if (outcomes.stream().anyMatch(CheckOutcome::blocksPublish)) {
                  h.execute("ROLLBACK TO SAVEPOINT mf_publish");
                  return new PromoteResult(null, 0, 0, outcomes, null);
                }
              }
              if (request.exposure() != null) {
                // consumers' grants, secured view and row filters change with the data, at once
                ProductAccess.apply(h, product, request.exposure(), partitioned ? target : null);
              }
              h.createUpdate("COMMENT ON TABLE " + target + " IS " + literal(stamp)).execute();
              if (request.range() != null) {
                // the range read is committed with the data it became, or not at all
                new SourcePositions(staging.schema())
                    .commit(h, product, request.runId(), request.range());
              }
              h.execute("DROP TABLE IF EXISTS " + staging.qualifiedSource());
              return new PromoteResult(
                  target,
                  merging ? count(h, target) : rows,
                  0,
                  outcomes,
                  newest(h, target, request.eventTimeColumn()));
            });
    PromoteResult done = timed.value();
    return new PromoteResult(
        done.table(), done.rows(), timed.millis(), done.checks(), done.newestEventMillis());
  }

  /**
   * Puts the run's table in the place of the product's (or of its partition), in the caller's
   * transaction: the old one dropped, the new one moved into the product's schema and renamed, a
   * partition attached, the old table's grants given to the new one.
   */
  private static void swap(
      Handle h,
      PromoteRequest request,
      StagingTables staging,
      SqlIdentifier ready,
      String target,
      SqlIdentifier targetName,
      boolean partitioned) {
    ProductId product = request.product();
    // the new table takes over the old one's grants: readers keep their access
    List<Grant> grants = grants(h, target);
    // the secured view reads the table; it is made again once the new table is in place
    if (!partitioned) ProductAccess.dropView(h, product);
    // dropping an attached partition takes it out of its table too
    h.execute("DROP TABLE IF EXISTS " + target);
    h.execute(
        "ALTER TABLE " + staging.qualified(ready) + " SET SCHEMA " + product.domain().quoted());
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
  }

  /**
   * Folds the run's rows into the published table: the rows whose key they hold are replaced, the
   * others added. Readers see the table before or after, never between: it happens in the publish's
   * transaction.
   */
  private static void merge(
      Handle h, String target, String rows, List<FieldSpec> fields, List<SqlIdentifier> key) {
    String match =
        key.stream()
            .map(k -> "t." + k.quoted() + " = b." + k.quoted())
            .collect(Collectors.joining(" AND "));
    h.execute("DELETE FROM " + target + " AS t USING " + rows + " AS b WHERE " + match);
    String columns = ProductTableDdl.columnList(fields);
    h.execute("INSERT INTO " + target + " (" + columns + ") SELECT " + columns + " FROM " + rows);
    h.execute("DROP TABLE " + rows);
  }

  /** Refuses a run whose rows hold a key twice: an incremental product has one row per key. */
  private static void uniqueKeys(
      Handle h, ProductId product, String rows, List<SqlIdentifier> key) {
    long repeated =
        h.createQuery(
                "SELECT count(*) FROM (SELECT 1 FROM "
                    + rows
                    + " GROUP BY "
                    + keyList(key)
                    + " HAVING count(*) > 1) AS mf_repeated")
            .mapTo(Long.class)
            .one();
    if (repeated > 0) {
      throw SqlFailures.contractViolation(
          product
              + ": the run's rows hold "
              + repeated
              + " key"
              + (repeated == 1 ? "" : "s")
              + " ("
              + key.stream().map(SqlIdentifier::value).collect(Collectors.joining(", "))
              + ") more than once; an incremental product merges one row per key, so the"
              + " model must return one (nothing was published)");
    }
  }

  private static String keyList(List<SqlIdentifier> key) {
    return key.stream().map(SqlIdentifier::quoted).collect(Collectors.joining(", "));
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

  /** The newest value of the event-time column in {@code table}, in epoch ms; null for none. */
  private static Long newest(Handle h, String table, SqlIdentifier column) {
    if (column == null) return null;
    return h.createQuery(
            "SELECT CAST(extract(epoch FROM max("
                + column.quoted()
                + ")) * 1000 AS bigint) FROM "
                + table)
        .mapTo(Long.class)
        .one();
  }

  private static long count(Handle h, String table) {
    return h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one();
  }

  /** COMMENT takes no bind parameters; the stamp is built from a run id and a semver only. */
  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
