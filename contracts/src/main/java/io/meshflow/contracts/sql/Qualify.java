package io.meshflow.contracts.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Rewrites {@code QUALIFY} (Snowflake's, BigQuery's and dbt models' filter on window functions),
 * which PostgreSQL lacks, into the query PostgreSQL runs: the select becomes a subquery that also
 * computes each window function the condition uses, and the condition filters its rows. {@code
 * DISTINCT}, {@code ORDER BY} and {@code LIMIT} apply after the filter, as they do with QUALIFY.
 *
 * <pre>
 * SELECT a, b FROM t QUALIFY ROW_NUMBER() OVER (PARTITION BY a ORDER BY b DESC) = 1
 * -- becomes
 * SELECT a, b FROM (SELECT a, b, ROW_NUMBER() OVER (PARTITION BY a ORDER BY b DESC) AS mf_window_1
 *                   FROM t) AS mf_windowed WHERE mf_window_1 = 1
 * </pre>
 *
 * A select with QUALIFY names each of its columns (no {@code *}; an expression has an alias), so
 * that the rewritten query returns the same columns. QUALIFY is rewritten wherever a select stands:
 * the query itself, its CTEs, subqueries in {@code FROM} and joins, and set operations.
 */
public final class Qualify {
  /** The rewritten select's alias. */
  static final String INNER = "mf_windowed";

  private static final String WINDOW_COLUMN = "mf_window_";

  private Qualify() {}

  /** Thrown for a query that cannot be rewritten; the message says why and where. */
  public static final class RewriteException extends IllegalArgumentException {
    RewriteException(String message) {
      super(message);
    }
  }

  /** {@code sql} with every QUALIFY rewritten; the text unchanged when it has none. */
  public static String rewrite(String sql) {
    if (!sql.toUpperCase(java.util.Locale.ROOT).contains("QUALIFY")) return sql;
    Statement statement;
    try {
      statement = CCJSqlParserUtil.parse(BlankLines.keep(sql));
    } catch (JSQLParserException e) {
      throw new RewriteException("cannot be parsed: " + firstLine(e));
    }
    if (!(statement instanceof Select select)) return sql;
    return walk(select) ? select.toString() : sql;
  }

  /** Rewrites every QUALIFY in {@code select}; whether there was any. */
  private static boolean walk(Select select) {
    boolean changed = false;
    if (select.getWithItemsList() != null) {
      for (WithItem<?> with : select.getWithItemsList()) {
        if (with.getSelect() != null) changed |= walk(with.getSelect());
      }
    }
    if (select instanceof ParenthesedSelect parenthesed) {
      changed |= walk(parenthesed.getSelect());
    } else if (select instanceof SetOperationList set) {
      for (Select branch : set.getSelects()) changed |= walk(branch);
    } else if (select instanceof PlainSelect plain) {
      changed |= walk(plain.getFromItem());
      if (plain.getJoins() != null) {
        for (Join join : plain.getJoins()) changed |= walk(join.getFromItem());
      }
      if (plain.getQualify() != null) {
        rewrite(plain);
        changed = true;
      }
    }
    return changed;
  }

  private static boolean walk(FromItem item) {
    return item instanceof Select select && walk(select);
  }

  /**
   * Turns {@code plain} into the outer query, in place: its parents keep pointing at it, and its
   * own CTEs, DISTINCT, ORDER BY and LIMIT stay where they apply.
   */
  private static void rewrite(PlainSelect plain) {
    List<String> names = outputNames(plain.getSelectItems());
    // each window function of the condition once, by its text: the column that computes it
    Map<String, AnalyticExpression> windows = new LinkedHashMap<>();
    String condition = plain.getQualify().toString();
    for (AnalyticExpression window : windowFunctions(plain.getQualify())) {
      windows.putIfAbsent(window.toString(), window);
    }
    Map<String, String> columns = new LinkedHashMap<>();
    for (String text : windows.keySet()) {
      String column = WINDOW_COLUMN + (columns.size() + 1);
      columns.put(text, column);
      condition = condition.replace(text, column);
    }
    PlainSelect inner = new PlainSelect();
    List<SelectItem<?>> items = new ArrayList<>(plain.getSelectItems());
    windows.forEach(
        (text, window) -> items.add(SelectItem.from(window, new Alias(columns.get(text)))));
    inner.setSelectItems(items);
    inner.setFromItem(plain.getFromItem());
    inner.setJoins(plain.getJoins());
    inner.setWhere(plain.getWhere());
    inner.setGroupByElement(plain.getGroupBy());
    inner.setHaving(plain.getHaving());
    inner.setWindowDefinitions(plain.getWindowDefinitions());

    List<SelectItem<?>> outer = new ArrayList<>();
    for (String name : names) outer.add(SelectItem.from(new Column(name)));
    plain.setSelectItems(outer);
    ParenthesedSelect from = new ParenthesedSelect();
    from.setSelect(inner);
    from.setAlias(new Alias(INNER));
    plain.setFromItem(from);
    plain.setJoins(null);
    plain.setWhere(parse(condition));
    plain.setGroupByElement(null);
    plain.setHaving(null);
    plain.setWindowDefinitions(null);
    plain.setQualify(null);
  }

  /** The names of a select's columns, as the rewritten query selects them again. */
  private static List<String> outputNames(List<SelectItem<?>> items) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      SelectItem<?> item = items.get(i);
      Expression expression = item.getExpression();
      if (expression instanceof AllColumns) {
        throw new RewriteException(
            "a select with QUALIFY lists its columns: replace " + expression + " with their names");
      }
      if (item.getAlias() != null) {
        names.add(item.getAlias().getName());
      } else if (expression instanceof Column column) {
        names.add(column.getColumnName());
      } else {
        throw new RewriteException(
            "a select with QUALIFY names each column: give column "
                + (i + 1)
                + " ("
                + expression
                + ") a name with AS");
      }
    }
    return names;
  }

  /** The window functions in {@code condition}, outermost first. */
  private static List<AnalyticExpression> windowFunctions(Expression condition) {
    List<AnalyticExpression> found = new ArrayList<>();
    condition.accept(
        new ExpressionVisitorAdapter<Void>() {
          @Override
          public <S> Void visit(AnalyticExpression expression, S context) {
            found.add(expression);
            return null;
          }
        },
        null);
    return found;
  }

  private static Expression parse(String expression) {
    try {
      return CCJSqlParserUtil.parseCondExpression(expression);
    } catch (JSQLParserException e) {
      throw new RewriteException("cannot rewrite QUALIFY " + expression + ": " + firstLine(e));
    }
  }

  private static String firstLine(JSQLParserException e) {
    String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    return message == null ? "unknown error" : message.lines().findFirst().orElse(message);
  }
}
