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

  /**
   * Considered rows come from the scan, unexpected ones from column {@code unexpected} of grouping
   * statement {@code grouping}.
   */
  public record UniquePlan(
      QualityCheck check, int considered, int grouping, int unexpected, Predicate failing)
      implements Plan {}

  /** A column aggregate: its value as text and whether it is within bounds (NULL: no values). */
  public record AggregatePlan(QualityCheck check, int observed, int within) implements Plan {}

  /** A row-count check, judged on scan column {@code count} (0 without a row condition). */
  public record RowCountPlan(QualityCheck check, int count) implements Plan {}

  /** The newest value as text and its age in seconds. */
  public record FreshnessPlan(QualityCheck check, int newest, int ageSeconds) implements Plan {}

  /** A check of the table's columns and types. */
  public record SchemaPlan(QualityCheck check) implements Plan {}

  /** A contract's own query, whose single result is compared. */
  public record SqlPlan(QualityCheck check, Statement statement) implements Plan {}

  /**
   * The compiled checks, in contract order.
   *
   * @param groupings the uniqueness statements: one for all uniqueness checks, and one more per
   *     distinct row condition among them; empty without uniqueness checks
   */
  public record Compiled(Statement scan, List<Statement> groupings, List<Plan> plans) {
    /** How many statements run against the table (schema checks read only the catalog). */
    public int statements() {
      return 1 + groupings.size() + (int) plans.stream().filter(p -> p instanceof SqlPlan).count();
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

  /** A uniqueness key: its columns and the rows with missing values it leaves out. */
  private record UniqueKey(List<SqlIdentifier> columns, QualityCheck.IgnoreRowIf ignore) {}

  public Compiled compile(String table, List<FieldSpec> fields, List<QualityCheck> checks) {
    return compile(table, fields, checks, null);
  }

  /**
   * The checks compiled, with {@code {{ run_started_at }}} in bounds standing for {@code
   * runStartedAt} (null: the checking transaction's start).
   */
  public Compiled compile(
      String table,
      List<FieldSpec> fields,
      List<QualityCheck> checks,
      java.time.Instant runStartedAt) {
    String started = runStartedAt == null ? "now" : runStartedAt.toString();
    Map<SqlIdentifier, FieldSpec> byName =
        fields.stream().collect(Collectors.toMap(FieldSpec::name, Function.identity()));
    Scan scan = new Scan();
    List<Plan> plans = new ArrayList<>();
    // uniqueness keys by row condition ("" for none): one grouping statement per condition
    Map<String, List<UniqueKey>> uniqueKeys = new java.util.LinkedHashMap<>();
    for (QualityCheck check : checks) {
      FieldSpec field = check.column() == null ? null : byName.get(check.column());
      String col = field == null ? null : field.name().quoted();
      String type = field == null ? null : ProductTableDdl.sqlType(field.type());
      String condition = condition(check);
      Expectation e = check.expectation();
      switch (e.kind()) {
        case MAP -> {
          Predicate failing = failing(check, col, type, started);
          int considered =
              scan.add(
                  filtered(
                      e == Expectation.EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL
                              || e == Expectation.EXPECT_COLUMN_VALUES_TO_BE_NULL
                          ? "count(*)"
                          : "count(" + col + ")",
                      condition),
                  List.of());
          Predicate restricted =
              condition == null
                  ? failing
                  : new Predicate("(" + failing.sql() + ") AND " + condition, failing.binds());
          int unexpected =
              scan.add("count(*) FILTER (WHERE " + restricted.sql() + ")", restricted.binds());
          plans.add(new MapPlan(check, considered, unexpected, restricted));
        }
        case UNIQUE -> {
          UniqueKey key =
              new UniqueKey(
                  e == Expectation.EXPECT_COLUMN_VALUES_TO_BE_UNIQUE
                      ? List.of(check.column())
                      : check.columns(),
                  check.ignoreRowIf());
          String present = present(key);
          int considered =
              scan.add(
                  "count(*) FILTER (WHERE "
                      + present
                      + (condition == null ? "" : " AND " + condition)
                      + ")",
                  List.of());
          String conditionKey = condition == null ? "" : condition;
          List<UniqueKey> keys = uniqueKeys.computeIfAbsent(conditionKey, k -> new ArrayList<>());
          if (!keys.contains(key)) keys.add(key);
          int grouping = new ArrayList<>(uniqueKeys.keySet()).indexOf(conditionKey);
          plans.add(
              new UniquePlan(
                  check,
                  considered,
                  grouping,
                  keys.indexOf(key),
                  duplicated(table, key, condition)));
        }
        case AGGREGATE -> plans.add(aggregate(check, col, type, condition, scan, started));
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
    List<Statement> groupings = new ArrayList<>();
    uniqueKeys.forEach(
        (condition, keys) ->
            groupings.add(
                grouping(
                    condition.isEmpty()
                        ? table
                        : "(SELECT * FROM " + table + " WHERE " + condition + ") AS mf_scope",
                    keys)));
    return new Compiled(scanStatement, groupings, plans);
  }

  /**
   * A check's {@code row_condition} as SQL, parenthesised on lines of its own (a comment in it ends
   * with its line), or null.
   */
  private static String condition(QualityCheck check) {
    return check.rowCondition() == null ? null : "(\n" + check.rowCondition() + "\n)";
  }

  /** An aggregate over the rows the condition keeps. */
  private static String filtered(String aggregate, String condition) {
    return condition == null ? aggregate : aggregate + " FILTER (WHERE " + condition + ")";
  }

  /** The predicate that makes a row unexpected for a row-by-row check. */
  private static Predicate failing(QualityCheck c, String col, String type, String started) {
    List<String> binds = new ArrayList<>();
    // no "col IS NOT NULL" guards: a comparison with NULL is NULL, and FILTER counts only TRUE,
    // so nulls are left out of the unexpected rows as GE wants, without a test per row
    String sql =
        switch (c.expectation()) {
          case EXPECT_COLUMN_VALUES_TO_NOT_BE_NULL -> col + " IS NULL";
          case EXPECT_COLUMN_VALUES_TO_BE_NULL -> col + " IS NOT NULL";
          case EXPECT_COLUMN_VALUES_TO_BE_BETWEEN ->
              "NOT (" + bounds(col, type, c, binds, started) + ")";
          case EXPECT_COLUMN_VALUE_LENGTHS_TO_BE_BETWEEN ->
              "NOT ("
                  + bounds("char_length(CAST(" + col + " AS text))", "integer", c, binds, started)
                  + ")";
          // an empty set (GE allows one): no value is in it
          case EXPECT_COLUMN_VALUES_TO_BE_IN_SET ->
              c.valueSet().isEmpty()
                  ? col + " IS NOT NULL"
                  : col + " NOT IN (" + values(c, type, binds) + ")";
          case EXPECT_COLUMN_VALUES_TO_NOT_BE_IN_SET ->
              c.valueSet().isEmpty() ? "FALSE" : col + " IN (" + values(c, type, binds) + ")";
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

  private static Plan aggregate(
      QualityCheck c, String col, String type, String condition, Scan scan, String started) {
    switch (c.expectation()) {
      case EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN, EXPECT_TABLE_ROW_COUNT_TO_EQUAL -> {
        return new RowCountPlan(
            c, condition == null ? 0 : scan.add(filtered("count(*)", condition), List.of()));
      }
      case FRESHNESS -> {
        String newest =
            "CAST(" + filtered("max(" + col + ")", condition) + " AS timestamp with time zone)";
        int observed = scan.add("CAST(" + newest + " AS text)", List.of());
        int age = scan.add("EXTRACT(EPOCH FROM (now() - " + newest + "))", List.of());
        return new FreshnessPlan(c, observed, age);
      }
      default -> {
        String function =
            switch (c.expectation()) {
              case EXPECT_COLUMN_MIN_TO_BE_BETWEEN -> filtered("min(" + col + ")", condition);
              case EXPECT_COLUMN_MAX_TO_BE_BETWEEN -> filtered("max(" + col + ")", condition);
              case EXPECT_COLUMN_MEAN_TO_BE_BETWEEN ->
                  "trim_scale(round(CAST("
                      + filtered("avg(" + col + ")", condition)
                      + " AS numeric), 6))";
              case EXPECT_COLUMN_SUM_TO_BE_BETWEEN -> filtered("sum(" + col + ")", condition);
              default -> throw new IllegalArgumentException("not an aggregate: " + c.expectation());
            };
        String boundType =
            c.expectation() == Expectation.EXPECT_COLUMN_MEAN_TO_BE_BETWEEN
                    || c.expectation() == Expectation.EXPECT_COLUMN_SUM_TO_BE_BETWEEN
                ? "numeric"
                : type;
        int observed = scan.add("CAST(" + function + " AS text)", List.of());
        List<String> binds = new ArrayList<>();
        String within = bounds(function, boundType, c, binds, started);
        int pass = scan.add("(" + within + ")", binds);
        return new AggregatePlan(c, observed, pass);
      }
    }
  }

  /** {@code x >= CAST(? AS t) AND x <= CAST(? AS t)}, with either side optional and strictness. */
  private static String bounds(
      String x, String type, QualityCheck c, List<String> binds, String started) {
    List<String> parts = new ArrayList<>();
    if (c.minValue() != null) {
      parts.add(x + (c.strictMin() ? " > " : " >= ") + bound(c.minValue(), type, binds, started));
    }
    if (c.maxValue() != null) {
      parts.add(x + (c.strictMax() ? " < " : " <= ") + bound(c.maxValue(), type, binds, started));
    }
    // neither bound: every value is within (GE: vacuously true)
    return parts.isEmpty() ? "TRUE" : String.join(" AND ", parts);
  }

  /**
   * One bound as SQL: a bound value cast to {@code type}, or a run-time bound — the run's start
   * plus its offset, as {@code type}.
   */
  private static String bound(String value, String type, List<String> binds, String started) {
    var runTime = io.meshflow.contracts.model.RunTimeBound.parse(value);
    if (runTime.isPresent()) {
      binds.add(started);
      binds.add(runTime.get().interval());
      return "CAST(CAST(? AS timestamp with time zone) + CAST(? AS interval) AS " + type + ")";
    }
    binds.add(value);
    return "CAST(? AS " + type + ")";
  }

  private static String values(QualityCheck c, String type, List<String> binds) {
    binds.addAll(c.valueSet());
    return c.valueSet().stream()
        .map(v -> "CAST(? AS " + type + ")")
        .collect(Collectors.joining(", "));
  }

  /**
   * Rows whose key occurs more than once. Grouping treats nulls as equal, so the match does too
   * ({@code IS NOT DISTINCT FROM}), or rows with a null in a compound key would never be shown. The
   * duplicated keys are renamed ({@code mf_dup(k1, …)}), so no name of the product's can clash.
   */
  private static Predicate duplicated(String table, UniqueKey key, String condition) {
    List<SqlIdentifier> set = key.columns();
    String keys = quotedList(set);
    String where = present(key) + (condition == null ? "" : " AND " + condition);
    List<String> renamed = new ArrayList<>();
    List<String> match = new ArrayList<>();
    for (int i = 0; i < set.size(); i++) {
      renamed.add("k" + (i + 1));
      match.add(
          "mf_dup.k" + (i + 1) + " IS NOT DISTINCT FROM " + table + "." + set.get(i).quoted());
    }
    return new Predicate(
        where
            + " AND EXISTS (SELECT 1 FROM (SELECT "
            + keys
            + " FROM "
            + table
            + " WHERE "
            + where
            + " GROUP BY "
            + keys
            + " HAVING count(*) > 1) AS mf_dup("
            + String.join(", ", renamed)
            + ") WHERE "
            + String.join(" AND ", match)
            + ")",
        List.of());
  }

  /**
   * The rows a uniqueness key considers, by GE's {@code ignore_row_if}: by default a row is left
   * out only when all its key values are missing.
   */
  private static String present(UniqueKey key) {
    return presentAmong(key.columns().stream().map(SqlIdentifier::quoted).toList(), key.ignore());
  }

  private static String presentAmong(List<String> columns, QualityCheck.IgnoreRowIf ignore) {
    return switch (ignore) {
      case NEVER -> "TRUE";
      case ANY_VALUE_IS_MISSING ->
          columns.stream().map(c -> c + " IS NOT NULL").collect(Collectors.joining(" AND "));
      case ALL_VALUES_ARE_MISSING ->
          columns.size() == 1
              ? columns.get(0) + " IS NOT NULL"
              : "NOT ("
                  + columns.stream().map(c -> c + " IS NULL").collect(Collectors.joining(" AND "))
                  + ")";
    };
  }

  /**
   * All uniqueness checks in one pass: group by every key set at once ({@code GROUPING SETS}),
   * then, per set, add up the rows of the groups that occur more than once. {@code GROUPING()}
   * tells which set a group row belongs to. The outer query sees the groups under names of its own
   * ({@code mf_groups(g, n, k1, …)}), never a column of the product, so no column name clashes.
   */
  private static Statement grouping(String table, List<UniqueKey> keys) {
    List<List<SqlIdentifier>> sets = keys.stream().map(UniqueKey::columns).toList();
    List<SqlIdentifier> all =
        new ArrayList<>(new LinkedHashSet<>(sets.stream().flatMap(List::stream).toList()));
    String allColumns = quotedList(all);
    List<String> sums = new ArrayList<>();
    for (UniqueKey key : keys) {
      List<SqlIdentifier> set = key.columns();
      int mask = 0;
      for (int i = 0; i < all.size(); i++) {
        if (!set.contains(all.get(i))) mask |= 1 << (all.size() - 1 - i);
      }
      List<String> renamedKeys =
          set.stream().map(k -> "mf_groups.k" + (all.indexOf(k) + 1)).toList();
      sums.add(
          "coalesce(sum(mf_groups.n) FILTER (WHERE mf_groups.g = "
              + mask
              + " AND mf_groups.n > 1 AND "
              + presentAmong(renamedKeys, key.ignore())
              + "), 0)");
    }
    List<String> renamed = new ArrayList<>(List.of("g", "n"));
    for (int i = 0; i < all.size(); i++) renamed.add("k" + (i + 1));
    String groupingSets =
        new LinkedHashSet<>(sets)
            .stream().map(s -> "(" + quotedList(s) + ")").collect(Collectors.joining(", "));
    return new Statement(
        "SELECT "
            + String.join(", ", sums)
            + " FROM (SELECT GROUPING("
            + allColumns
            + "), count(*), "
            + allColumns
            + " FROM "
            + table
            + " GROUP BY GROUPING SETS ("
            + groupingSets
            + ")) AS mf_groups("
            + String.join(", ", renamed)
            + ")",
        List.of());
  }

  private static String quotedList(List<SqlIdentifier> columns) {
    return columns.stream().map(SqlIdentifier::quoted).collect(Collectors.joining(", "));
  }
}
