package io.meshflow.orchestrator.access;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Select;
import org.postgresql.Driver;

/**
 * Runs one read-only statement as a consumer: over a connection that logs in as that person, so
 * what they see is exactly what PostgreSQL lets their roles see (grants, secured views, row-level
 * security), with a statement timeout and a row limit.
 */
public final class ConsumerQuery {
  /** What a statement returned: its columns and at most the limit of rows (values as text). */
  public record Result(List<String> columns, List<List<String>> rows, boolean truncated) {}

  /** A statement that is not one read-only query, or that PostgreSQL refused. */
  public static final class QueryRefusedException extends RuntimeException {
    QueryRefusedException(String message) {
      super(message);
    }
  }

  private final String url;

  /**
   * @param url the warehouse's JDBC URL (the platform's own; the login is the consumer's)
   */
  public ConsumerQuery(String url) {
    this.url = url;
  }

  public Result run(String login, String sql, int limit, Duration timeout) {
    ConsumerLogins.login(login);
    requireOneQuery(sql);
    if (limit < 1) throw new IllegalArgumentException("the row limit must be at least 1");
    // the platform's URL may name its own user: the server must see the consumer's login only
    Properties props = Driver.parseURL(url, null);
    if (props == null) throw new IllegalStateException("not a PostgreSQL JDBC URL: " + url);
    String server =
        "jdbc:postgresql://"
            + props.getProperty("PGHOST")
            + ":"
            + props.getProperty("PGPORT")
            + "/"
            + props.getProperty("PGDBNAME");
    props.remove("password");
    props.setProperty("user", login);
    String password = System.getenv("MESHFLOW_QUERY_PASSWORD");
    if (password != null) props.setProperty("password", password);
    props.setProperty("ApplicationName", "meshflow query");
    props.setProperty("options", "-c statement_timeout=" + Math.max(1, timeout.toMillis()));
    try (Connection c = new Driver().connect(server, props)) {
      c.setAutoCommit(false);
      c.setReadOnly(true);
      try (Statement s = c.createStatement()) {
        s.setMaxRows(limit + 1);
        s.setFetchSize(Math.min(limit + 1, 1000));
        try (ResultSet rs = s.executeQuery(sql)) {
          ResultSetMetaData meta = rs.getMetaData();
          List<String> columns = new ArrayList<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) columns.add(meta.getColumnLabel(i));
          List<List<String>> rows = new ArrayList<>();
          boolean truncated = false;
          while (rs.next()) {
            if (rows.size() == limit) {
              truncated = true;
              break;
            }
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) row.add(rs.getString(i));
            rows.add(row);
          }
          return new Result(columns, rows, truncated);
        }
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      if (message.contains("role \"" + login + "\" does not exist")) {
        throw new QueryRefusedException(
            "the warehouse has no login '"
                + login
                + "' (an approved access request makes one: ./meshflow access request …)");
      }
      if ("28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState())) {
        throw new QueryRefusedException(
            "the warehouse does not let "
                + login
                + " log in from here ("
                + message.lines().findFirst().orElse("")
                + "); set MESHFLOW_QUERY_PASSWORD, or let the server trust the platform's host for"
                + " consumer logins");
      }
      throw new QueryRefusedException(message.lines().findFirst().orElse(message));
    }
  }

  /** Refuses anything but a single query (SELECT, WITH … SELECT, VALUES, TABLE). */
  static void requireOneQuery(String sql) {
    if (sql == null || sql.isBlank()) throw new IllegalArgumentException("no SQL to run");
    Statements statements;
    try {
      statements = CCJSqlParserUtil.parseStatements(sql);
    } catch (JSQLParserException e) {
      throw new IllegalArgumentException(
          "the SQL does not parse as a query: "
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
                  .lines()
                  .findFirst()
                  .orElse(""));
    }
    if (statements.size() != 1 || !(statements.get(0) instanceof Select)) {
      throw new IllegalArgumentException(
          "meshflow query runs one read-only query (SELECT, WITH … SELECT, VALUES or TABLE),"
              + " nothing else");
    }
  }
}
