package io.meshflow.contracts.sql;

import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.contracts.model.Partitioning;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SqlIdentifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * The column lineage of a SQL model, read by the same parser that judges it (JSqlParser): for each
 * output column, the columns of the relations the model reads ({@code source(…)}, {@code ref(…)})
 * it derives from — through CTEs, subqueries in {@code FROM}, aliases, casts, functions ({@code
 * MD5(customer_id)} derives from {@code customer_id}), {@code CASE}, window functions, joins and
 * set operations. A column is traced only when the parser can tell which relation it belongs to: an
 * unqualified column of a join between two placeholders, or a {@code *} over one, is left out
 * rather than guessed.
 */
public final class ColumnLineage {
  private static final String SOURCE = "mf_source";
  private static final String REF = "mf_ref__";
  private static final PartitionWindow ANY_WINDOW =
      PartitionWindow.of(Partitioning.Granularity.DAY, "2000-01-01");

  /** A column of a relation the model reads: its source (product is null) or a product. */
  public record Origin(ModelTemplate.Relation relation, String column) {}

  /**
   * @param outputs each output column the model's text names, in order, with the origins it derives
   *     from (empty for a constant)
   * @param complete whether every output column is known (false after a {@code *} over a
   *     placeholder, whose columns only the database knows)
   */
  public record Result(Map<String, Set<Origin>> outputs, boolean complete) {}

  private ColumnLineage() {}

  /** The lineage of {@code modelSql}, or empty when it does not parse. */
  public static Optional<Result> of(String modelSql) {
    String rendered;
    try {
      rendered =
          ModelTemplate.render(
              modelSql,
              SOURCE,
              id -> REF + id.domain().value() + "__" + id.name().value(),
              ANY_WINDOW);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Statement statement;
    try {
      statement = CCJSqlParserUtil.parse(BlankLines.keep(rendered));
    } catch (JSQLParserException e) {
      return Optional.empty();
    }
    if (!(statement instanceof Select select)) return Optional.empty();
    Tracer tracer = new Tracer();
    Map<String, Set<Origin>> outputs = tracer.select(select, Map.of());
    return Optional.of(new Result(outputs, tracer.complete));
  }

  /** The relation a rendered table name stands for, or null for any other table. */
  private static ModelTemplate.Relation relation(Table table) {
    String name = unquote(table.getName());
    if (name.equals(SOURCE)) return new ModelTemplate.Relation(true, null);
    if (name.startsWith(REF)) {
      String[] parts = name.substring(REF.length()).split("__", 2);
      if (parts.length == 2 && SqlIdentifier.isValid(parts[0]) && SqlIdentifier.isValid(parts[1])) {
        return new ModelTemplate.Relation(
            false, new ProductId(SqlIdentifier.of(parts[0]), SqlIdentifier.of(parts[1])));
      }
    }
    return null;
  }

  private static String unquote(String name) {
    if (name == null) return null;
    return name.startsWith("\"") && name.endsWith("\"") && name.length() > 1
        ? name.substring(1, name.length() - 1)
        : name.toLowerCase(Locale.ROOT);
  }

  /** What a name in a {@code FROM} stands for: a placeholder's columns, or derived ones. */
  private record Scope(ModelTemplate.Relation base, Map<String, Set<Origin>> derived) {
    Set<Origin> column(String name) {
      if (base != null) return Set.of(new Origin(base, name));
      return derived.get(name);
    }

    boolean has(String name) {
      return base == null && derived.containsKey(name);
    }
  }

  private static final class Tracer {
    boolean complete = true;

    Map<String, Set<Origin>> select(Select select, Map<String, Map<String, Set<Origin>>> outer) {
      Map<String, Map<String, Set<Origin>>> ctes = new HashMap<>(outer);
      if (select.getWithItemsList() != null) {
        for (WithItem<?> with : select.getWithItemsList()) {
          if (with.getSelect() == null) continue;
          ctes.put(unquote(with.getAlias().getName()), select(with.getSelect(), ctes));
        }
      }
      if (select instanceof PlainSelect plain) return plain(plain, ctes);
      if (select instanceof ParenthesedSelect parens) return select(parens.getSelect(), ctes);
      if (select instanceof SetOperationList set) {
        Map<String, Set<Origin>> first = null;
        List<Set<Origin>> merged = new ArrayList<>();
        for (Select branch : set.getSelects()) {
          Map<String, Set<Origin>> out = select(branch, ctes);
          if (first == null) {
            first = out;
            out.values().forEach(v -> merged.add(new LinkedHashSet<>(v)));
          } else {
            int i = 0;
            for (Set<Origin> origins : out.values()) {
              if (i < merged.size()) merged.get(i).addAll(origins);
              i++;
            }
          }
        }
        Map<String, Set<Origin>> result = new LinkedHashMap<>();
        if (first != null) {
          int i = 0;
          for (String name : first.keySet()) result.put(name, merged.get(i++));
        }
        return result;
      }
      complete = false;
      return new LinkedHashMap<>();
    }

    private Map<String, Set<Origin>> plain(
        PlainSelect plain, Map<String, Map<String, Set<Origin>>> ctes) {
      Map<String, Scope> scopes = new LinkedHashMap<>();
      addScope(scopes, plain.getFromItem(), ctes);
      if (plain.getJoins() != null) {
        for (Join join : plain.getJoins()) addScope(scopes, join.getFromItem(), ctes);
      }
      Map<String, Set<Origin>> out = new LinkedHashMap<>();
      for (SelectItem<?> item : plain.getSelectItems()) {
        Expression e = item.getExpression();
        if (e instanceof AllTableColumns all) {
          Scope scope = scopes.get(unquote(all.getTable().getName()));
          star(scope, out);
        } else if (e instanceof AllColumns) {
          scopes.values().forEach(scope -> star(scope, out));
        } else {
          String name = outputName(e, item.getAlias());
          if (name == null) continue;
          out.put(name, origins(e, scopes));
        }
      }
      return out;
    }

    private void star(Scope scope, Map<String, Set<Origin>> out) {
      if (scope == null || scope.base() != null) {
        complete = false;
        return;
      }
      scope.derived().forEach((k, v) -> out.putIfAbsent(k, v));
    }

    private void addScope(
        Map<String, Scope> scopes, FromItem from, Map<String, Map<String, Set<Origin>>> ctes) {
      if (from == null) return;
      Alias alias = from.getAlias();
      if (from instanceof Table table) {
        String name = unquote(table.getName());
        String key = alias != null ? unquote(alias.getName()) : name;
        ModelTemplate.Relation relation;
        if (table.getSchemaName() == null && ctes.containsKey(name)) {
          scopes.put(key, new Scope(null, ctes.get(name)));
        } else if ((relation = relation(table)) != null) {
          scopes.put(key, new Scope(relation, null));
        } else {
          scopes.put(key, new Scope(null, Map.of()));
        }
      } else if (from instanceof ParenthesedSelect sub) {
        Map<String, Set<Origin>> derived = select(sub.getSelect(), ctes);
        scopes.put(alias != null ? unquote(alias.getName()) : "", new Scope(null, derived));
      } else {
        // table functions and the like: columns of their own
        scopes.put(alias != null ? unquote(alias.getName()) : "", new Scope(null, Map.of()));
      }
    }

    /** The name PostgreSQL gives an output column: its alias, or the column it copies. */
    private static String outputName(Expression e, Alias alias) {
      if (alias != null) return unquote(alias.getName());
      Expression inner = e;
      while (inner instanceof net.sf.jsqlparser.expression.CastExpression cast) {
        inner = cast.getLeftExpression();
      }
      if (inner instanceof Column c) return unquote(c.getColumnName());
      if (inner instanceof net.sf.jsqlparser.expression.Function f && f.getName() != null) {
        return unquote(f.getName());
      }
      return null;
    }

    /** The origins of every column {@code e} reads (not those of its scalar subqueries). */
    private Set<Origin> origins(Expression e, Map<String, Scope> scopes) {
      Set<Origin> origins = new LinkedHashSet<>();
      e.accept(
          new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Column column, S context) {
              origins.addAll(resolve(column, scopes));
              return null;
            }

            @Override
            public <S> Void visit(ParenthesedSelect select, S context) {
              return null;
            }

            @Override
            public <S> Void visit(Select select, S context) {
              return null;
            }
          },
          null);
      return origins;
    }

    private static Set<Origin> resolve(Column column, Map<String, Scope> scopes) {
      String name = unquote(column.getColumnName());
      Table table = column.getTable();
      if (table != null && table.getName() != null) {
        Scope scope = scopes.get(unquote(table.getName()));
        Set<Origin> found = scope == null ? null : scope.column(name);
        return found == null ? Set.of() : found;
      }
      if (scopes.size() == 1) {
        Set<Origin> found = scopes.values().iterator().next().column(name);
        return found == null ? Set.of() : found;
      }
      List<Scope> having = scopes.values().stream().filter(s -> s.has(name)).toList();
      if (having.size() == 1) return having.get(0).column(name);
      List<Scope> bases = scopes.values().stream().filter(s -> s.base() != null).toList();
      if (having.isEmpty() && bases.size() == 1) return bases.get(0).column(name);
      return Set.of();
    }
  }
}
