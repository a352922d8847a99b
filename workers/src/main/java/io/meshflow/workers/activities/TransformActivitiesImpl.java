package io.meshflow.workers.activities;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.sql.Qualify;
import io.meshflow.workers.sql.ProductTableDdl;
import io.meshflow.workers.sql.SqlFailures;
import io.meshflow.workers.sql.StagingTables;
import io.meshflow.workers.sql.UserSql;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.TransformActivities;
import io.meshflow.workflows.activities.TransformRequest;
import io.meshflow.workflows.activities.TransformResult;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Runs a product's SQL model: checks the model's columns against the contract first (like dbt's
 * enforced model contracts: every field, of a compatible type; with {@code enforced: exact} no
 * other column), then writes its output, cast to the contract's types, into the run's staging
 * output table with one {@code INSERT ... SELECT}: columns that are not fields are not published.
 * When the contract reads timestamps in a time zone, the model runs in that zone, so a timestamp
 * without one is read as that zone's time. Rebuilt from scratch on retry.
 */
public class TransformActivitiesImpl implements TransformActivities {
  private final Warehouse warehouse;

  public TransformActivitiesImpl(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  @Override
  public TransformResult transform(TransformRequest request) {
    StagingTables staging = warehouse.staging(request.runId());
    String model;
    try {
      model = compile(request.modelSql(), request.sourceTable(), request.window());
    } catch (IllegalArgumentException e) {
      throw SqlFailures.contractViolation("model of " + request.product() + ": " + e.getMessage());
    }
    String output = staging.qualifiedOutput();
    String insert = insert(output, request.fields(), request.mask(), model);
    String what = "the model of " + request.product();
    UserSql.requireOneStatement(insert, what);
    String probe = "SELECT * FROM (" + model + "\n) AS m LIMIT 0";
    UserSql.requireOneStatement(probe, what);
    warehouse.prepareStaging();
    Warehouse.Timed<Long> timed =
        warehouse.timedTransaction(
            "running the model of " + request.product(),
            h -> {
              String zone = FieldSpec.timezoneOf(request.fields());
              if (zone != null) {
                h.createQuery("SELECT set_config('TimeZone', :zone, true)")
                    .bind("zone", zone)
                    .mapTo(String.class)
                    .one();
              }
              if (request.sourceTable() != null) {
                SqlFailures.requireRows(
                    h, request.sourceTable(), request.sourceRows(), "the extract step");
              }
              checkSchema(h, probe, request);
              h.execute("DROP TABLE IF EXISTS " + output);
              h.execute(ProductTableDdl.createTable(output, request.fields()));
              long rows = h.execute(insert);
              if (request.partitionColumn() != null) {
                outsideWindow(h, output, request);
              }
              return rows;
            });
    return new TransformResult(output, timed.value(), timed.millis());
  }

  /**
   * The SQL a model runs as: its placeholders resolved ({@code source(…)} as {@code sourceTable},
   * {@code ref(…)} as the product's table), and a {@code QUALIFY} rewritten for PostgreSQL, which
   * has none. What {@code meshflow compile} prints.
   */
  public static String compile(String modelSql, String sourceTable, PartitionWindow window) {
    return Qualify.rewrite(
        UserSql.body(
            ModelTemplate.render(modelSql, sourceTable, ProductId::qualifiedTable, window)));
  }

  /**
   * The one statement the transform step runs: the compiled model's columns that are fields, cast
   * to the contract's types (and masked, with {@code mask}), into {@code output}.
   */
  public static String insert(String output, List<FieldSpec> fields, boolean mask, String model) {
    return "INSERT INTO "
        + output
        + " ("
        + ProductTableDdl.columnList(fields)
        + ") SELECT "
        + ProductTableDdl.castColumns("m", fields, mask)
        + " FROM ("
        + model
        + "\n) AS m";
  }

  /** A partition's rows must all fall in its window, or attaching it would fail later. */
  private static void outsideWindow(
      org.jdbi.v3.core.Handle h, String output, TransformRequest request) {
    if (request.window() == null) {
      throw SqlFailures.contractViolation(
          request.product()
              + " is partitioned by "
              + request.partitionColumn()
              + ": a run needs a partition");
    }
    String column = request.partitionColumn().quoted();
    long outside =
        h.createQuery(
                "SELECT count(*) FROM "
                    + output
                    + " WHERE "
                    + column
                    + " IS NULL OR "
                    + column
                    + " < CAST(:start AS timestamptz) OR "
                    + column
                    + " >= CAST(:end AS timestamptz)")
            .bind("start", request.window().start())
            .bind("end", request.window().end())
            .mapTo(Long.class)
            .one();
    if (outside > 0) {
      throw SqlFailures.contractViolation(
          outside
              + " rows of the model's output have "
              + request.partitionColumn()
              + " outside partition "
              + request.window().key()
              + " ["
              + request.window().start()
              + ", "
              + request.window().end()
              + "); filter the model with {{ partition_start }} and {{ partition_end }}");
    }
  }

  /** Compares the model's result columns with the contract's fields; fails with the full diff. */
  private static void checkSchema(Handle h, String probe, TransformRequest request)
      throws SQLException {
    Map<String, String> actual = new LinkedHashMap<>();
    try (var statement = h.getConnection().prepareStatement(probe)) {
      ResultSetMetaData meta = statement.getMetaData();
      if (meta == null) {
        try (var rs = statement.executeQuery()) {
          meta = rs.getMetaData();
          collect(meta, actual);
        }
      } else {
        collect(meta, actual);
      }
    }
    List<String> diff = new ArrayList<>();
    for (FieldSpec f : request.fields()) {
      String type = actual.get(f.name().value());
      if (type == null) {
        diff.add("missing column '" + f.name() + "' (contract: " + f.type().contractName() + ")");
      } else if (!type.equals("text")
          && !type.equals("unknown")
          && !ProductTableDdl.matchesReportedType(f.type(), type)) {
        diff.add(
            "column '"
                + f.name()
                + "' has type "
                + type
                + " in the model but "
                + f.type().contractName()
                + " ("
                + ProductTableDdl.sqlType(f.type())
                + ") in the contract");
      }
    }
    for (String column : actual.keySet()) {
      if (request.exactSchema()
          && request.fields().stream().noneMatch(f -> f.name().value().equals(column))) {
        diff.add(
            "unexpected column '"
                + column
                + "' (model type "
                + actual.get(column)
                + "; not in the contract)");
      }
    }
    if (!diff.isEmpty()) {
      throw SqlFailures.contractViolation(
          "the model of "
              + request.product()
              + " does not match its contract's schema (spec.schema.fields):\n  - "
              + String.join("\n  - ", diff));
    }
  }

  private static void collect(ResultSetMetaData meta, Map<String, String> into)
      throws SQLException {
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      String label = meta.getColumnLabel(i);
      if (into.put(label, meta.getColumnTypeName(i)) != null) {
        throw SqlFailures.contractViolation("the model returns column '" + label + "' twice");
      }
    }
  }
}
