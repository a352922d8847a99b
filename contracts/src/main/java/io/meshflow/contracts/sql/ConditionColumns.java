package io.meshflow.contracts.sql;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;

/** The columns a SQL condition reads (a check's {@code row_condition}), by the SQL parser. */
public final class ConditionColumns {
  private ConditionColumns() {}

  /** The column names {@code condition} reads, lower case unless quoted; empty if unparsable. */
  public static Set<String> of(String condition) {
    Set<String> columns = new LinkedHashSet<>();
    Expression expression;
    try {
      expression = CCJSqlParserUtil.parseCondExpression(BlankLines.keep(condition));
    } catch (JSQLParserException e) {
      return columns;
    }
    expression.accept(
        new ExpressionVisitorAdapter<Void>() {
          @Override
          public <S> Void visit(Column column, S context) {
            String name = column.getColumnName();
            columns.add(
                name.startsWith("\"") && name.endsWith("\"")
                    ? name.substring(1, name.length() - 1)
                    : name.toLowerCase(Locale.ROOT));
            return null;
          }
        },
        null);
    return columns;
  }
}
