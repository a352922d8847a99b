package io.meshflow.workers.quality;

import io.meshflow.contracts.model.Expectation;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workers.sql.ProductTableDdl;
import io.meshflow.workers.sql.UserSql;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compiles a product's quality checks into as few SQL statements as possible:
 *
 * <ul>
 *   <li>one <b>scan</b>: every row-by-row check becomes {@code count(*) FILTER (WHERE …)} columns
 *       and every aggregate (min, max, mean, sum, row count, newest value) a column of the same
 *       single-pass {@code SELECT};
 *   <li>one <b>grouping</b> statement for all uniqueness checks together, with {@code GROUPING
 *       SETS}, only when there are any;
 *   <li>the contract's own {@code sql} checks, one statement each;
 *   <li>schema checks read the table's columns from the catalog, no data.
 * </ul>
 *
 * Identifiers are quoted value types; every value from the contract is a bound parameter, cast to
 * the type of what it is compared with.
 */
public final class QualityCheckCompiler {

  /** One SQL statement and its bound values, in order. */
  public record Statement(String sql, List<String> binds) {}

  /** What makes a row unexpected, for fetching example rows of a failed check. */
  public record Predicate(String sql, List<String> binds) {}

  /** How one check is measured: which columns of which statement hold its numbers. */
  public sealed interface Plan {
    QualityCheck check();
  }

  /** A row-by-row check: considered and unexpected counts are columns of the scan. */
  public record MapPlan(QualityCheck check, int considered, int unexpected, Predicate failing)
      implements Plan {}

  /** Considered rows come from the scan, unexpected ones from the grouping statement. */
  public record UniquePlan(QualityCheck check, int considered, int unexpected, Predicate failing)
      implements Plan {}

  /** A column aggregate: its value as text and whether it is within bounds (NULL: no values). */
  public record AggregatePlan(QualityCheck check, int observed, int within) implements Plan {}

  /** A row-count check, judged on scan column 0. */
  public record RowCountPlan(QualityCheck check) implements Plan {}

  /** The newest value as text and its age in seconds. */
  public record FreshnessPlan(QualityCheck check, int newest, int ageSeconds) implements Plan {}

  /** A check of the table's columns and types. */
  public record SchemaPlan(QualityCheck check) implements Plan {}

  /** A contract's own query, whose single result is compared. */
  public record SqlPlan(QualityCheck check, Statement statement) implements Plan {}

  /**
   * The compiled checks, in contract order.
   *
   * @param grouping the uniqueness statement, or {@code null} when there is no uniqueness check
   */
  public record Compiled(Statement scan, Statement grouping, List<Plan> plans) {
    /** How many statements run against the table (schema checks read only the catalog). */
    public int statements() {
      return 1
          + (grouping == null ? 0 : 1)
          + (int) plans.stream().filter(p -> p instanceof SqlPlan).count();
    }

    public boolean needsSchema() {
      return plans.stream().anyMatch(p -> p instanceof SchemaPlan);
    }
  }

  /** The select list of the scan; column 0 is always {@code count(*)}. */
  private static final class Scan {
    final List<String> columns = new ArrayList<>(List.of("count(*)"));
    final List<String> binds = new ArrayList<>();

    int add(String expression, List<String> values) {
      columns.add(expression);
      binds.addAll(values);
      return columns.size() - 1;
    }
  }

  public Compiled compile(String table, List<FieldSpec> fields, List<QualityCheck> checks) {
    Map<SqlIdentifier, FieldSpec> byName =
        fields.stream().collect(Collectors.toMap(FieldSpec::name, Function.identity()));
    Scan scan = new Scan();
    List<Plan> plans = new ArrayList<>();
    List<List<SqlIdentifier>> uniqueSets = new ArrayList<>();
    for (QualityCheck check : checks) {
      FieldSpec field = check.column() == null ? null : byName.get(check.column());
      String col = field == null ? null : field.name().quoted();
      String type = field == null ? null : ProductTableDdl.sqlType(field.type());
      Expectation e = check.expectation();
      switch (e.kind()) {
        case MAP -> {
          Predicate failing = failing(check, col, type);
          int considered =
              scan.add(
                  e == Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL
                          || e == Expectation.EXPECT_COLUMN_VALUES_TO_BE_NULL
                      ? "count(*)"
                      : "count(" + col + ")",
                  List.of());
          int unexpected =
              scan.add("count(*) FILTER (WHERE " + failing.sql() + ")", failing.binds());
          plans.add(new MapPlan(check, considered, unexpected, failing));
        }
        case UNIQUE -> {
          List<SqlIdentifier> set =
              e == Expectation.EXPECT_COLUMN_VALUES_TO_BE_UNIQUE
                  ? List.of(check.column())
                  : check.columns();
          String present = present(set);
          int considered = scan.add("count(*) FILTER (WHERE " + present + ")", List.of());
          if (!uniqueSets.contains(set)) uniqueSets.add(set);
          plans.add(
              new UniquePlan(check, considered, uniqueSets.indexOf(set), duplicated(table, set)));
          continue;
        }
        case AGGREGATE -> plans.add(aggregate(check, col, type, scan));
        case SCHEMA -> plans.add(new SchemaPlan(check));
        case SQL ->
            plans.add(
                new SqlPlan(
                    check,
                    new Statement(
                        // nested, the query can only be a query: no COMMIT, SET or DML in it
                        "SELECT * FROM (\n"
                            + UserSql.body(
                                check
                                    .query()
                                    .replaceAll(
                                        "\\{\\{\\s*this\\s*}}",
                                        java.util.regex.Matcher.quoteReplacement(table)))
                            + "\n) AS q",
                        List.of())));
      }
    }
    Statement scanStatement =
        new Statement("SELECT " + String.join(", ", scan.columns) + " FROM " + table, scan.binds);
    return new Compiled(
        scanStatement, uniqueSets.isEmpty() ? null : grouping(table, uniqueSets), plans);
  }

  /** The predicate that makes a row unexpected for a row-by-row check. */
  private static Predicate failing(QualityCheck c, String col, String type) {
    List<String> binds = new ArrayList<>();
    // no "col IS NOT NULL" guards: a comparison with NULL is NULL, and FILTER counts only TRUE,
    // so nulls are left out of the unexpected rows as GE wants, without a test per row
    String sql =
        switch (c.expectation()) {
          case EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL -> col + " IS NULL";
          case EXPECT_COLUMN_VALUES_TO_BE_NULL -> col + " IS NOT NULL";
          case EXPECT_COLUMN_VALUES_TO_BE_BETWEEN -> "NOT (" + bounds(col, type, c, binds) + ")";
          case EXPECT_COLUMN_VALUE_LENGTHS_TO_BE_BETWEEN ->
              "NOT (" + bounds("char_length(CAST(" + col + " AS text))", "integer", c, binds) + ")";
          case EXPECT_COLUMN_VALUES_TO_BE_IN_SET ->
              col + " NOT IN (" + values(c, type, binds) + ")";
          case EXPECT_COLUMN_VALUES_TO_NOT_BE_IN_SET ->
              col + " IN (" + values(c, type, binds) + ")";
          case EXPECT_COLUMN_VALUES_TO_MATCH_REGEX -> {
            binds.add(c.regex());
            yield "CAST(" + col + " AS text) !~ ?";
          }
          case EXPECT_COLUMN_VALUES_TO_NOT_MATCH_REGEX -> {
            binds.add(c.regex());
            yield "CAST(" + col + " AS text) ~ ?";
          }
          default ->
              throw new IllegalArgumentException(
                  "not a row-by-row expectation: " + c.expectation());
        };
    return new Predicate(sql, binds);
  }

  private static Plan aggregate(QualityCheck c, String col, String type, Scan scan) {
    switch (c.expectation()) {
      case EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN, EXPECT_TABLE_ROW_COUNT_TO_EQUAL -> {
        return new RowCountPlan(c);
      }
      case FRESHNESS -> {
        String newest = "CAST(max(" + col + ") AS timestamp with time zone)";
        int observed = scan.add("CAST(" + newest + " AS text)", List.of());
        int age = scan.add("EXTRACT(EPOCH FROM (now() - " + newest + "))", List.of());
        return new FreshnessPlan(c, observed, age);
      }
      default -> {
        String function =
            switch (c.expectation()) {
              case EXPECT_COLUMN_MIN_TO_BE_BETWEEN -> "min(" + col + ")";
              case EXPECT_COLUMN_MAX_TO_BE_BETWEEN -> "max(" + col + ")";
              case EXPECT_COLUMN_MEAN_TO_BE_BETWEEN ->
                  "trim_scale(round(CAST(avg(" + col + ") AS numeric), 6))";
              case EXPECT_COLUMN_SUM_TO_BE_BETWEEN -> "sum(" + col + ")";
              default -> throw new IllegalArgumentException("not an aggregate: " + c.expectation());
            };
        String boundType =
            c.expectation() == Expectation.EXPECT_COLUMN_MEAN_TO_BE_BETWEEN
                    || c.expectation() == Expectation.EXPECT_COLUMN_SUM_TO_BE_BETWEEN
                ? "numeric"
                : type;
        int observed = scan.add("CAST(" + function + " AS text)", List.of());
        List<String> binds = new ArrayList<>();
        String within = bounds(function, boundType, c, binds);
        int pass = scan.add("(" + within + ")", binds);
        return new AggregatePlan(c, observed, pass);
      }
    }
  }

  /** {@code x >= CAST(? AS t) AND x <= CAST(? AS t)}, with either side optional and strictness. */
  private static String bounds(String x, String type, QualityCheck c, List<String> binds) {
    List<String> parts = new ArrayList<>();
    if (c.minValue() != null) {
      parts.add(x + (c.strictMin() ? " > " : " >= ") + "CAST(? AS " + type + ")");
      binds.add(c.minValue());
    }
    if (c.maxValue() != null) {
      parts.add(x + (c.strictMax() ? " < " : " <= ") + "CAST(? AS " + type + ")");
      binds.add(c.maxValue());
    }
    return String.join(" AND ", parts);
  }

  private static String values(QualityCheck c, String type, List<String> binds) {
    binds.addAll(c.valueSet());
    return c.valueSet().stream()
        .map(v -> "CAST(? AS " + type + ")")
        .collect(Collectors.joining(", "));
  }

  /**
   * Rows whose key occurs more than once. Grouping treats nulls as equal, so the match does too
   * ({@code IS NOT DISTINCT FROM}), or rows with a null in a compound key would never be shown.
   */
  private static Predicate duplicated(String table, List<SqlIdentifier> set) {
    String keys = quotedList(set);
    String match =
        set.stream()
            .map(k -> "d." + k.quoted() + " IS NOT DISTINCT FROM " + table + "." + k.quoted())
            .collect(Collectors.joining(" AND "));
    return new Predicate(
        "EXISTS (SELECT 1 FROM (SELECT "
            + keys
            + " FROM "
            + table
            + " WHERE "
            + present(set)
            + " GROUP BY "
            + keys
            + " HAVING count(*) > 1) AS d WHERE "
            + match
            + ")",
        List.of());
  }

  /** GE's default for compound keys: a row is ignored only when all its key values are missing. */
  private static String present(List<SqlIdentifier> set) {
    if (set.size() == 1) return set.get(0).quoted() + " IS NOT NULL";
    return "NOT ("
        + set.stream().map(s -> s.quoted() + " IS NULL").collect(Collectors.joining(" AND "))
        + ")";
  }

  /**
   * All uniqueness checks in one pass: group by every key set at once ({@code GROUPING SETS}),
   * then, per set, add up the rows of the groups that occur more than once. {@code GROUPING()}
   * tells which set a group row belongs to.
   */
  private static Statement grouping(String table, List<List<SqlIdentifier>> sets) {
    List<SqlIdentifier> all =
        new ArrayList<>(new LinkedHashSet<>(sets.stream().flatMap(List::stream).toList()));
    String allColumns = quotedList(all);
    List<String> sums = new ArrayList<>();
    for (List<SqlIdentifier> set : sets) {
      int mask = 0;
      for (int i = 0; i < all.size(); i++) {
        if (!set.contains(all.get(i))) mask |= 1 << (all.size() - 1 - i);
      }
      sums.add(
          "coalesce(sum(n) FILTER (WHERE g = " + mask + " AND n > 1 AND " + present(set) + "), 0)");
    }
    String groupingSets =
        sets.stream().map(s -> "(" + quotedList(s) + ")").collect(Collectors.joining(", "));
    return new Statement(
        "SELECT "
            + String.join(", ", sums)
            + " FROM (SELECT GROUPING("
            + allColumns
            + ") AS g, "
            + allColumns
            + ", count(*) AS n FROM "
            + table
            + " GROUP BY GROUPING SETS ("
            + groupingSets
            + ")) AS groups",
        List.of());
  }

  private static String quotedList(List<SqlIdentifier> columns) {
    return columns.stream().map(SqlIdentifier::quoted).collect(Collectors.joining(", "));
  }
}
