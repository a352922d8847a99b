package io.meshflow.workers.sql;

import java.sql.SQLException;
import java.util.List;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

/**
 * SQL a contract brings (a model, a {@code sql} check) goes to PostgreSQL as exactly one statement,
 * nested inside Meshflow's own so that it can only be a query. The driver would split text at a
 * top-level {@code ;} and send every piece, so text that would become more than one statement is
 * refused before it is sent, with the driver's own parser deciding.
 */
public final class UserSql {
  private UserSql() {}

  /** {@code sql} without the trailing semicolons and blanks people end a query with. */
  public static String body(String sql) {
    int end = sql.length();
    while (end > 0 && (Character.isWhitespace(sql.charAt(end - 1)) || sql.charAt(end - 1) == ';')) {
      end--;
    }
    return sql.substring(0, end);
  }

  /**
   * Throws a non-retryable contract violation unless {@code statement} (Meshflow's statement with
   * the user's text inside) is one statement.
   *
   * @param what names the text in the message, e.g. "the model of orders.order_events"
   */
  public static void requireOneStatement(String statement, String what) {
    List<NativeQuery> queries;
    try {
      queries = Parser.parseJdbcSql(statement, true, true, true, false, false);
    } catch (SQLException e) {
      throw SqlFailures.contractViolation(what + " cannot be parsed: " + e.getMessage());
    }
    if (queries.size() != 1) {
      throw SqlFailures.contractViolation(
          what
              + " must be a single query, but a ';' outside its parentheses makes it "
              + queries.size()
              + " statements; nothing was run");
    }
  }
}
