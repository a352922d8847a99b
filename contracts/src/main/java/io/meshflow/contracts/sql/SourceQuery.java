package io.meshflow.contracts.sql;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Select;

/**
 * A source declaration's {@code query}, run on an operational database (not the warehouse): it must
 * be exactly one {@code SELECT}, which the extract reads from as a subquery, in a read-only
 * connection.
 */
public final class SourceQuery {
  private SourceQuery() {}

  /** What is wrong with {@code query}, or null. */
  public static String problem(String query) {
    Statements statements;
    try {
      statements = CCJSqlParserUtil.parseStatements(BlankLines.keep(query));
    } catch (JSQLParserException e) {
      String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      return "cannot be parsed as a query: "
          + (message == null ? "" : message.lines().findFirst().orElse(""));
    }
    if (statements == null || statements.size() != 1) {
      return "must be exactly one query, found "
          + (statements == null ? 0 : statements.size())
          + " statements";
    }
    if (!(statements.get(0) instanceof Select)) return "must be a SELECT";
    return null;
  }
}
