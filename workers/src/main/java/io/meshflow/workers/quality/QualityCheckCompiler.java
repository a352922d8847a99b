package io.meshflow.workers.quality;

import io.meshflow.contracts.model.Expectation;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.workers.sql.ProductTableDdl;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a product's quality checks into as few SQL statements as possible: every check that can
 * be an aggregate becomes two {@code count(*) FILTER (...)} columns of one statement, so one table
 * scan measures them all; only uniqueness, which needs grouping, gets a statement of its own.
 * Identifiers are quoted; every value from the contract is a bound parameter, cast to the column's
 * type.
 */
public final class QualityCheckCompiler {

  /** One SQL statement and its bound values, in order. */
  public record Statement(String sql, List<String> binds) {}

  /** Where a number lives in the results: statement index and 0-based column. */
  public record Cell(int statement, int column) {}

  /**
   * How to read one check's result.
   *
   * @param considered the rows the check considers
   * @param unexpected the considered rows that fail it
   */
  public record Measure(QualityCheck check, Cell considered, Cell unexpected) {}

  /** The statements to run; statement 0, column 0 is always the table's row count. */
  public record Compiled(List<Statement> statements, List<Measure> measures) {}

  public Compiled compile(String table, List<FieldSpec> fields, List<QualityCheck> checks) {
    List<String> columns = new ArrayList<>(List.of("count(*)"));
    List<String> binds = new ArrayList<>();
    List<Statement> statements = new ArrayList<>();
    statements.add(null); // the aggregate statement, filled in once all its columns are known
    List<Measure> measures = new ArrayList<>();
    for (QualityCheck check : checks) {
      if (check.expectation() == Expectation.EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN) {
        measures.add(new Measure(check, new Cell(0, 0), new Cell(0, 0)));
        continue;
      }
      FieldSpec field =
          fields.stream()
              .filter(f -> f.name().equals(check.column()))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("unknown column " + check.column()));
      String col = field.name().quoted();
      String type = ProductTableDdl.sqlType(field.type());
      String considered = "count(" + col + ")";
      String failing;
      switch (check.expectation()) {
        case EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL -> {
          considered = "count(*)";
          failing = col + " IS NULL";
        }
        case EXPECT_COLUMN_VALUES_TO_BE_BETWEEN -> {
          List<String> bounds = new ArrayList<>();
          if (check.minValue() != null) {
            bounds.add(col + (check.strictMin() ? " > " : " >= ") + "CAST(? AS " + type + ")");
            binds.add(check.minValue());
          }
          if (check.maxValue() != null) {
            bounds.add(col + (check.strictMax() ? " < " : " <= ") + "CAST(? AS " + type + ")");
            binds.add(check.maxValue());
          }
          failing = col + " IS NOT NULL AND NOT (" + String.join(" AND ", bounds) + ")";
        }
        case EXPECT_COLUMN_VALUES_TO_BE_IN_SET -> {
          List<String> values = new ArrayList<>();
          for (String v : check.valueSet()) {
            values.add("CAST(? AS " + type + ")");
            binds.add(v);
          }
          failing = col + " IS NOT NULL AND " + col + " NOT IN (" + String.join(", ", values) + ")";
        }
        case EXPECT_COLUMN_VALUES_TO_MATCH_REGEX -> {
          failing = col + " IS NOT NULL AND NOT (CAST(" + col + " AS text) ~ ?)";
          binds.add(check.regex());
        }
        case EXPECT_COLUMN_VALUES_TO_BE_UNIQUE -> {
          columns.add(considered);
          Cell consideredCell = new Cell(0, columns.size() - 1);
          statements.add(
              new Statement(
                  "SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM "
                      + table
                      + " WHERE "
                      + col
                      + " IS NOT NULL GROUP BY "
                      + col
                      + " HAVING count(*) > 1) AS duplicated",
                  List.of()));
          measures.add(new Measure(check, consideredCell, new Cell(statements.size() - 1, 0)));
          continue;
        }
        default -> throw new IllegalArgumentException("no SQL for " + check.expectation());
      }
      columns.add(considered);
      columns.add("count(*) FILTER (WHERE " + failing + ")");
      measures.add(
          new Measure(check, new Cell(0, columns.size() - 2), new Cell(0, columns.size() - 1)));
    }
    statements.set(
        0, new Statement("SELECT " + String.join(", ", columns) + " FROM " + table, binds));
    return new Compiled(statements, measures);
  }
}
