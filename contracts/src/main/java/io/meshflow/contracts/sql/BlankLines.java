package io.meshflow.contracts.sql;

/**
 * JSqlParser ends a statement at two empty lines in a row ({@code \n\n\n} is one of its statement
 * separators), which PostgreSQL does not: a model with a blank gap in it would not parse. Before
 * parsing, every empty line outside literals and comments gets one space, which keeps every line
 * where it was (so parse errors name the model's lines) and every literal as written.
 */
final class BlankLines {
  private BlankLines() {}

  static String keep(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = closingQuote(sql, i, c);
        out.append(sql, i, end);
        i = end;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append(sql, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        out.append(sql, i, end);
        i = end;
      } else if (c == '$' && dollarTag(sql, i) != null) {
        String tag = dollarTag(sql, i);
        int end = sql.indexOf(tag, i + tag.length());
        end = end < 0 ? n : end + tag.length();
        out.append(sql, i, end);
        i = end;
      } else {
        out.append(c);
        if (c == '\n' && i + 1 < n && (sql.charAt(i + 1) == '\n' || sql.charAt(i + 1) == '\r')) {
          out.append(' ');
        }
        i++;
      }
    }
    return out.toString();
  }

  /** The index after the quote that closes the one at {@code start} (a doubled quote escapes). */
  private static int closingQuote(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  /** The dollar-quote tag ({@code $$}, {@code $body$}) starting at {@code i}, or null. */
  private static String dollarTag(String sql, int i) {
    int j = i + 1;
    while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
      j++;
    }
    if (j < sql.length() && sql.charAt(j) == '$') {
      String tag = sql.substring(i, j + 1);
      return tag.length() > 2 && Character.isDigit(tag.charAt(1)) ? null : tag;
    }
    return null;
  }
}
