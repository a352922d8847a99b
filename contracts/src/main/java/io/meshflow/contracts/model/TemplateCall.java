package io.meshflow.contracts.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function call in a model's placeholder, as Jinja writes it: {@code ref('orders',
 * 'order_events')}, {@code config(materialized='table', meta={"product": "order_events"})}. Read by
 * a recursive-descent parser of the call and its literal arguments — strings in either quote with
 * backslash escapes, numbers, {@code true}/{@code false}/{@code none} (any case), lists, tuples and
 * dictionaries with literal keys — and nothing else: no variables, no expressions, so a placeholder
 * can never run anything.
 *
 * @param args positional arguments, in order
 * @param kwargs keyword arguments, in order
 * @param offsets where each keyword argument and each key of a dictionary value starts in the
 *     parsed text, by path ({@code meta}, {@code meta.version})
 */
public record TemplateCall(
    String name, List<Object> args, Map<String, Object> kwargs, Map<String, Integer> offsets) {

  /**
   * A text that is not a call as placeholders write them; {@code offset} is where it goes wrong.
   */
  public static final class SyntaxException extends IllegalArgumentException {
    private final int offset;

    SyntaxException(String message, int offset) {
      super(message);
      this.offset = offset;
    }

    public int offset() {
      return offset;
    }
  }

  /** Whether every argument is a positional string (as {@code source} and {@code ref} take). */
  public boolean onlyStrings() {
    return kwargs.isEmpty() && args.stream().allMatch(String.class::isInstance);
  }

  /** The positional arguments as strings; call only when {@link #onlyStrings()}. */
  public List<String> strings() {
    return args.stream().map(String.class::cast).toList();
  }

  /** Parses {@code text}, the inside of a placeholder; throws {@link SyntaxException}. */
  public static TemplateCall parse(String text) {
    return new Reader(text).call();
  }

  /** Whether {@code text} looks like a call at all: a name, then an opening parenthesis. */
  public static boolean looksLikeCall(String text) {
    return text.strip().matches("(?s)[A-Za-z_][A-Za-z0-9_]*\\s*\\(.*");
  }

  private static final class Reader {
    private final String s;
    private int i;
    private final Map<String, Integer> offsets = new LinkedHashMap<>();

    Reader(String s) {
      this.s = s;
    }

    TemplateCall call() {
      space();
      String name = identifier("a function name");
      space();
      expect('(');
      List<Object> args = new ArrayList<>();
      Map<String, Object> kwargs = new LinkedHashMap<>();
      space();
      while (!peek(')')) {
        int start = i;
        String keyword = keywordAhead();
        if (keyword != null) {
          if (kwargs.containsKey(keyword))
            throw error("argument '" + keyword + "' is given twice", start);
          offsets.put(keyword, start);
          kwargs.put(keyword, value(keyword));
        } else {
          if (!kwargs.isEmpty())
            throw error("a positional argument follows a keyword argument", start);
          args.add(value(null));
        }
        space();
        if (!peek(')')) {
          expect(',');
          space();
        }
      }
      i++;
      space();
      if (i < s.length()) throw error("unexpected text after the call", i);
      return new TemplateCall(name, List.copyOf(args), kwargs, Map.copyOf(offsets));
    }

    /** {@code name =} (not {@code ==}) ahead: consumes it and returns the name; else null. */
    private String keywordAhead() {
      int save = i;
      if (i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
        String name = identifier("a name");
        space();
        if (peek('=') && !(i + 1 < s.length() && s.charAt(i + 1) == '=')) {
          i++;
          space();
          return name;
        }
      }
      i = save;
      return null;
    }

    private Object value(String path) {
      space();
      if (i >= s.length()) throw error("a value is missing", i);
      char c = s.charAt(i);
      if (c == '\'' || c == '"') return string();
      if (c == '[') return sequence('[', ']', path);
      if (c == '(') return sequence('(', ')', path);
      if (c == '{') return dictionary(path);
      if (c == '-' || c == '+' || Character.isDigit(c)) return number();
      if (Character.isLetter(c)) {
        int start = i;
        String word = identifier("a value");
        switch (word.toLowerCase(java.util.Locale.ROOT)) {
          case "true":
            return Boolean.TRUE;
          case "false":
            return Boolean.FALSE;
          case "none":
            return null;
          default:
            throw error(
                "'"
                    + word
                    + "' is not a literal (placeholders take strings, numbers, lists and"
                    + " dictionaries only)",
                start);
        }
      }
      throw error("unexpected '" + c + "'", i);
    }

    private List<Object> sequence(char open, char close, String path) {
      expect(open);
      List<Object> items = new ArrayList<>();
      space();
      while (!peek(close)) {
        items.add(value(path));
        space();
        if (!peek(close)) {
          expect(',');
          space();
        }
      }
      i++;
      return java.util.Collections.unmodifiableList(items);
    }

    private Map<String, Object> dictionary(String path) {
      expect('{');
      Map<String, Object> map = new LinkedHashMap<>();
      space();
      while (!peek('}')) {
        int start = i;
        if (!peek('\'') && !peek('"')) throw error("a dictionary key must be a string", i);
        String key = string();
        if (map.containsKey(key)) throw error("key '" + key + "' is given twice", start);
        space();
        expect(':');
        String keyPath = path == null ? null : path + "." + key;
        if (keyPath != null) offsets.put(keyPath, start);
        map.put(key, value(keyPath));
        space();
        if (!peek('}')) {
          expect(',');
          space();
        }
      }
      i++;
      return java.util.Collections.unmodifiableMap(map);
    }

    private String string() {
      char quote = s.charAt(i);
      int start = i;
      i++;
      StringBuilder out = new StringBuilder();
      while (i < s.length() && s.charAt(i) != quote) {
        char c = s.charAt(i++);
        if (c == '\\' && i < s.length()) {
          char e = s.charAt(i++);
          out.append(
              switch (e) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                default -> e;
              });
        } else {
          out.append(c);
        }
      }
      if (i >= s.length()) throw error("the string is not closed", start);
      i++;
      return out.toString();
    }

    private Number number() {
      int start = i;
      if (s.charAt(i) == '-' || s.charAt(i) == '+') i++;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || "._eE".indexOf(s.charAt(i)) >= 0))
        i++;
      String text = s.substring(start, i).replace("_", "");
      try {
        if (text.matches("[-+]?\\d+")) return Long.parseLong(text);
        return Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw error("'" + text + "' is not a number", start);
      }
    }

    private String identifier(String what) {
      int start = i;
      if (i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
        i++;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'))
          i++;
        return s.substring(start, i);
      }
      throw error("expected " + what, start);
    }

    private void space() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private boolean peek(char c) {
      return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c) {
      if (!peek(c)) {
        throw error(
            i >= s.length() ? "expected '" + c + "' before the end" : "expected '" + c + "'", i);
      }
      i++;
    }

    private SyntaxException error(String message, int at) {
      return new SyntaxException(message, Math.min(at, s.length()));
    }
  }
}
