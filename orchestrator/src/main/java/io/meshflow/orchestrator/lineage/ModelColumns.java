package io.meshflow.orchestrator.lineage;

import io.meshflow.contracts.model.ModelTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The column lineage that can be read off a SQL model without a SQL parser: when the model's
 * outermost {@code SELECT} reads straight from {@code {{ source() }}} or {@code {{ ref('d.p') }}},
 * each output column that is an input column — as is, renamed, or cast — comes from that column.
 * Expressions, aggregates and models that select from their own CTEs or subqueries give none.
 */
public final class ModelColumns {
  private static final Pattern IDENT =
      Pattern.compile("(?:[a-z_][a-z0-9_]*\\.)?\"?([a-z_][a-z0-9_]*)\"?");
  private static final Pattern COPY = Pattern.compile(IDENT.pattern());
  private static final Pattern RENAME =
      Pattern.compile(IDENT.pattern() + "\\s+as\\s+\"?([a-z_][a-z0-9_]*)\"?");
  private static final Pattern CAST =
      Pattern.compile(
          "cast\\(\\s*"
              + IDENT.pattern()
              + "\\s+as\\s+[a-z ]+(?:\\([0-9, ]*\\))?\\s*\\)(?:\\s+as\\s+\"?([a-z_][a-z0-9_]*)\"?)?");

  /** Output column → input column, and the relation they are read from. */
  public record Lineage(ModelTemplate.Relation input, Map<String, String> columns) {}

  private ModelColumns() {}

  public static Optional<Lineage> of(String modelSql) {
    String sql = modelSql.replaceAll("--[^\\n]*", " ").replaceAll("(?s)/\\*.*?\\*/", " ");
    String lower = sql.toLowerCase(Locale.ROOT);
    int select = -1;
    int from = -1;
    int depth = 0;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (c == '(') depth++;
      else if (c == ')') depth--;
      else if (c == '\'')
        i = lower.indexOf('\'', i + 1) < 0 ? lower.length() : lower.indexOf('\'', i + 1);
      else if (depth == 0 && word(lower, i, "select")) {
        select = i + "select".length();
        from = -1;
      } else if (depth == 0 && select >= 0 && from < 0 && word(lower, i, "from")) {
        from = i;
      }
    }
    if (select < 0 || from < 0) return Optional.empty();
    String relation = sql.substring(from + "from".length()).strip();
    Optional<ModelTemplate.Relation> input = ModelTemplate.leadingRelation(relation);
    if (input.isEmpty()) return Optional.empty();
    String list = lower.substring(select, from).strip();
    if (list.startsWith("distinct on")) {
      int close = closing(list, list.indexOf('('));
      list = close < 0 ? "" : list.substring(close + 1).strip();
    } else if (list.startsWith("distinct")) {
      list = list.substring("distinct".length()).strip();
    }
    Map<String, String> columns = new LinkedHashMap<>();
    for (String item : split(list)) {
      String e = item.strip().replaceAll("\\s+", " ");
      Matcher m;
      if ((m = RENAME.matcher(e)).matches()) columns.put(m.group(2), m.group(1));
      else if ((m = CAST.matcher(e)).matches())
        columns.put(m.group(2) != null ? m.group(2) : m.group(1), m.group(1));
      else if ((m = COPY.matcher(e)).matches()) columns.put(m.group(1), m.group(1));
    }
    return columns.isEmpty() ? Optional.empty() : Optional.of(new Lineage(input.get(), columns));
  }

  private static boolean word(String s, int i, String w) {
    return s.startsWith(w, i)
        && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)) && s.charAt(i - 1) != '_')
        && (i + w.length() >= s.length()
            || !Character.isLetterOrDigit(s.charAt(i + w.length()))
                && s.charAt(i + w.length()) != '_');
  }

  private static int closing(String s, int open) {
    if (open < 0) return -1;
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      if (s.charAt(i) == '(') depth++;
      else if (s.charAt(i) == ')' && --depth == 0) return i;
    }
    return -1;
  }

  private static List<String> split(String list) {
    List<String> items = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (c == '(') depth++;
      else if (c == ')') depth--;
      else if (c == ',' && depth == 0) {
        items.add(list.substring(start, i));
        start = i + 1;
      }
    }
    items.add(list.substring(start));
    return items;
  }
}
