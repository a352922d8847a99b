package io.meshflow.contracts.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * What SQL a contract may bring: exactly one {@code SELECT} (or {@code WITH … SELECT}), judged by a
 * real SQL parser (JSqlParser) before anything runs. It reads only the relations Meshflow names for
 * it (its placeholders, its own CTEs and table functions such as {@code generate_series}), calls no
 * function that reaches outside the database's data (server files, programs, other connections,
 * settings, queries given as text), and writes nothing ({@code SELECT … INTO}, data-modifying CTEs,
 * row locks). PostgreSQL's privileges refuse the same things at run time; these rules make the
 * contract's author hear of it at validate time, with the line.
 */
public final class QueryRules {
  /** Functions no model or check may call, by exact name (schema-qualified or not). */
  private static final Set<String> FORBIDDEN =
      Set.of(
          "set_config",
          "pg_terminate_backend",
          "pg_cancel_backend",
          "pg_reload_conf",
          "pg_rotate_logfile",
          "pg_promote",
          "pg_switch_wal",
          "pg_create_restore_point",
          "pg_stat_file",
          "pg_import_system_collations",
          "dblink");

  /** Functions no model or check may call, by prefix. */
  private static final List<String> FORBIDDEN_PREFIXES =
      List.of(
          "pg_read_",
          "pg_ls_",
          "pg_file_",
          "pg_logdir_",
          "lo_",
          "dblink_",
          "query_to_xml",
          "cursor_to_xml",
          "table_to_xml",
          "schema_to_xml",
          "database_to_xml",
          "pg_advisory_",
          "pg_try_advisory_");

  private QueryRules() {}

  /**
   * Every rule {@code sql} breaks, as messages starting with the line they concern ({@code "line 3:
   * …"}); empty when it may run.
   *
   * @param sql the query with Meshflow's placeholders already replaced by relation names
   * @param allowed relation names (lower case, unqualified) the query may read besides its CTEs
   */
  public static List<String> problems(String sql, Set<String> allowed) {
    Statements statements;
    try {
      statements = CCJSqlParserUtil.parseStatements(BlankLines.keep(sql));
    } catch (JSQLParserException e) {
      return List.of(parseProblem(e));
    }
    List<Statement> list = statements == null ? List.of() : statements;
    if (list.size() != 1) {
      return List.of(
          "line 1: must be exactly one query, found "
              + list.size()
              + " statements (a ';' ends a statement; nothing may follow the query)");
    }
    Statement statement = list.get(0);
    if (!(statement instanceof Select select)) {
      return List.of(
          "line 1: must be a query (SELECT or WITH … SELECT), not "
              + statement.getClass().getSimpleName().toUpperCase(Locale.ROOT));
    }
    Walker walker = new Walker();
    try {
      walker.walk(select);
    } catch (UnsupportedOperationException e) {
      return List.of("line 1: cannot be checked: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>(walker.problems);
    for (String function : walker.functions) {
      String name = function.toLowerCase(Locale.ROOT);
      String bare = name.substring(name.lastIndexOf('.') + 1);
      if (FORBIDDEN.contains(bare) || FORBIDDEN_PREFIXES.stream().anyMatch(bare::startsWith)) {
        problems.add(
            "line "
                + lineOf(sql, function)
                + ": calls "
                + bare
                + "(), which a model or check may not call (it reaches outside the product's data)");
      }
    }
    for (String table : walker.tables) {
      String name = table.toLowerCase(Locale.ROOT).replace("\"", "");
      if (walker.ctes.contains(name) || allowed.contains(name)) continue;
      problems.add(
          "line "
              + lineOf(sql, table)
              + ": reads "
              + table
              + " directly; a model reads {{ source() }}, {{ ref('domain.product') }} and its own"
              + " CTEs only");
    }
    return problems;
  }

  private static String parseProblem(JSQLParserException e) {
    Throwable cause = e;
    while (cause != null && !(cause instanceof ParseException)) cause = cause.getCause();
    if (cause instanceof ParseException pe && pe.currentToken != null) {
      Token next = pe.currentToken.next != null ? pe.currentToken.next : pe.currentToken;
      return "line "
          + next.beginLine
          + ": cannot be parsed as a query near '"
          + next.image
          + "' (column "
          + next.beginColumn
          + ")";
    }
    String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    return "line 1: cannot be parsed as a query: " + message;
  }

  /** The first line where {@code name} appears as a word; 1 when it cannot be found. */
  private static int lineOf(String sql, String name) {
    String bare = name.substring(name.lastIndexOf('.') + 1).replace("\"", "");
    Matcher m =
        Pattern.compile(
                "(?<![A-Za-z0-9_])" + Pattern.quote(bare) + "(?![A-Za-z0-9_])",
                Pattern.CASE_INSENSITIVE)
            .matcher(sql);
    if (!m.find()) return 1;
    int line = 1;
    for (int i = 0; i < m.start(); i++) if (sql.charAt(i) == '\n') line++;
    return line;
  }

  /** Visits every node of a query, keeping what the rules look at. */
  private static final class Walker extends TablesNamesFinder<Void> {
    final Set<String> tables = new LinkedHashSet<>();
    final Set<String> functions = new LinkedHashSet<>();
    final Set<String> ctes = new LinkedHashSet<>();
    final List<String> problems = new ArrayList<>();

    void walk(Select select) {
      init(false);
      select.accept((net.sf.jsqlparser.statement.select.SelectVisitor<Void>) this, null);
    }

    @Override
    public <S> Void visit(Table table, S context) {
      tables.add(table.getFullyQualifiedName());
      return super.visit(table, context);
    }

    @Override
    public <S> Void visit(Function function, S context) {
      if (function.getName() != null) functions.add(function.getName());
      return super.visit(function, context);
    }

    @Override
    public <S> Void visit(WithItem<?> item, S context) {
      if (item.getAliasName() != null) {
        ctes.add(item.getUnquotedAliasName().toLowerCase(Locale.ROOT));
      }
      if (!(item.getParenthesedStatement()
          instanceof net.sf.jsqlparser.statement.select.ParenthesedSelect)) {
        problems.add(
            "line 1: the CTE "
                + item.getAliasName()
                + " changes data; a model or check only reads");
        return null;
      }
      return super.visit(item, context);
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
      if (select.getIntoTables() != null && !select.getIntoTables().isEmpty()) {
        problems.add("line 1: SELECT … INTO creates a table; a model or check only reads");
      }
      if (select.getForMode() != null) {
        problems.add(
            "line 1: FOR " + select.getForMode() + " locks rows; a model or check only reads");
      }
      // the walk of JSqlParser's finder leaves QUALIFY out: its condition is judged like the rest
      if (select.getQualify() != null) select.getQualify().accept(this, context);
      return super.visit(select, context);
    }
  }
}
