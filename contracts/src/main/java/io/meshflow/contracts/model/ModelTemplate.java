package io.meshflow.contracts.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders a SQL model may use: {@code {{ source() }}} for the product's extracted raw data
 * and {@code {{ ref('domain.product') }}} or, as dbt writes it, {@code {{ ref('domain', 'product')
 * }}} for another published product. Anything else in double braces is an error, so a typo never
 * reaches the database.
 */
public final class ModelTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
  private static final Pattern WINDOW = Pattern.compile("\\s*(partition_start|partition_end)\\s*");

  private ModelTemplate() {}

  /** The products a model reads through {@code ref}; malformed placeholders are ignored here. */
  public static Set<ProductId> refs(String sql) {
    Set<ProductId> refs = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(sql);
    while (m.find()) {
      Call call = Call.parse(m.group(1));
      if (call != null && call.isRef()) {
        try {
          refs.add(call.product());
        } catch (IllegalArgumentException ignored) {
          // reported by problems()
        }
      }
    }
    return refs;
  }

  /**
   * The relation a placeholder at the start of {@code text} stands for (e.g. the {@code FROM} of a
   * model): empty when {@code text} does not begin with a {@code source()} or {@code ref(…)}.
   */
  public static Optional<Relation> leadingRelation(String text) {
    String t = text.stripLeading();
    int end = t.indexOf("}}");
    if (!t.startsWith("{{") || end < 0) return Optional.empty();
    Call call = Call.parse(t.substring(2, end));
    if (call == null) return Optional.empty();
    if (call.isSource()) return Optional.of(new Relation(true, null));
    if (!call.isRef()) return Optional.empty();
    try {
      return Optional.of(new Relation(false, call.product()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A relation a model reads: its product's source, or another product. */
  public record Relation(boolean source, ProductId product) {}

  /** Whether the model reads its product's own source. */
  public static boolean usesSource(String sql) {
    Matcher m = PLACEHOLDER.matcher(sql);
    while (m.find()) {
      Call call = Call.parse(m.group(1));
      if (call != null && call.isSource()) return true;
    }
    return false;
  }

  /** Every malformed placeholder, as a message; empty when the model is well-formed. */
  public static java.util.List<String> problems(String sql) {
    java.util.List<String> problems = new java.util.ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(sql);
    while (m.find()) {
      String inner = m.group(1);
      Call call = Call.parse(inner);
      if (WINDOW.matcher(inner).matches() || (call != null && call.isSource())) {
        continue;
      }
      if (call != null && call.isRef()) {
        try {
          call.product();
        } catch (IllegalArgumentException e) {
          problems.add("line " + lineOf(sql, m.start()) + ": " + e.getMessage());
        }
        continue;
      }
      problems.add(
          "line "
              + lineOf(sql, m.start())
              + ": unknown placeholder '{{"
              + inner
              + "}}' (expected {{ source() }}, {{ ref('domain.product') }}, {{ ref('domain',"
              + " 'product') }}, {{ partition_start }} or {{ partition_end }})");
    }
    return problems;
  }

  /**
   * Replaces every placeholder.
   *
   * @param source the relation that {@code source()} stands for
   * @param ref the relation for a referenced product
   */
  public static String render(String sql, String source, Function<ProductId, String> ref) {
    return render(sql, source, ref, null);
  }

  /** Whether the model uses the partition window. */
  public static boolean usesWindow(String sql) {
    Matcher m = PLACEHOLDER.matcher(sql);
    while (m.find()) {
      if (WINDOW.matcher(m.group(1)).matches()) return true;
    }
    return false;
  }

  /**
   * Replaces every placeholder; {@code {{ partition_start }}} and {@code {{ partition_end }}}
   * become timestamp literals of {@code window}'s bounds.
   */
  public static String render(
      String sql, String source, Function<ProductId, String> ref, PartitionWindow window) {
    Matcher m = PLACEHOLDER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String inner = m.group(1);
      Call call = Call.parse(inner);
      String replacement;
      Matcher windowMatcher = WINDOW.matcher(inner);
      if (windowMatcher.matches()) {
        if (window == null) {
          throw new IllegalArgumentException(
              "the model uses {{ " + windowMatcher.group(1) + " }} but the run has no partition");
        }
        String bound =
            windowMatcher.group(1).equals("partition_start") ? window.start() : window.end();
        replacement = "TIMESTAMPTZ '" + bound + "'";
      } else if (call != null && call.isSource()) {
        if (source == null) {
          throw new IllegalArgumentException("the model uses {{ source() }} but has no source");
        }
        replacement = source;
      } else if (call != null && call.isRef()) {
        replacement = ref.apply(call.product());
      } else {
        throw new IllegalArgumentException("unknown placeholder '{{" + inner + "}}'");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * A placeholder that calls a function with string literals, e.g. {@code ref('orders',
   * 'order_events')}: read by a small parser of the call, so that spacing and either quote work and
   * anything else is not a call at all.
   */
  private record Call(String name, List<String> args) {
    boolean isSource() {
      return name.equals("source") && args.isEmpty();
    }

    boolean isRef() {
      return name.equals("ref") && (args.size() == 1 || args.size() == 2);
    }

    /**
     * The product a {@code ref} names, as {@code 'domain.product'} or {@code 'domain', 'product'}.
     */
    ProductId product() {
      if (args.size() == 1) return ProductId.parse(args.get(0));
      return new ProductId(SqlIdentifier.of(args.get(0)), SqlIdentifier.of(args.get(1)));
    }

    /** The call {@code text} makes, or null when it is not a call with string arguments. */
    static Call parse(String text) {
      String t = text.strip();
      int open = t.indexOf('(');
      if (open <= 0 || !t.endsWith(")")) return null;
      String name = t.substring(0, open).strip();
      if (!name.matches("[a-z_]+")) return null;
      List<String> args = new ArrayList<>();
      int i = open + 1;
      int end = t.length() - 1;
      while (true) {
        while (i < end && Character.isWhitespace(t.charAt(i))) i++;
        if (i == end) return args.isEmpty() ? new Call(name, args) : null;
        char quote = t.charAt(i);
        if (quote != '\'' && quote != '"') return null;
        int close = t.indexOf(quote, i + 1);
        if (close < 0 || close >= end) return null;
        args.add(t.substring(i + 1, close));
        i = close + 1;
        while (i < end && Character.isWhitespace(t.charAt(i))) i++;
        if (i == end) return new Call(name, List.copyOf(args));
        if (t.charAt(i) != ',') return null;
        i++;
      }
    }
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') line++;
    }
    return line;
  }
}
