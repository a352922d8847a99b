package io.meshflow.contracts.model;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders a SQL model may use: {@code {{ source() }}} for the product's extracted raw data
 * and {@code {{ ref('domain.product') }}} for another published product. Anything else in double
 * braces is an error, so a typo never reaches the database.
 */
public final class ModelTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
  private static final Pattern SOURCE = Pattern.compile("\\s*source\\(\\s*\\)\\s*");
  private static final Pattern WINDOW = Pattern.compile("\\s*(partition_start|partition_end)\\s*");
  private static final Pattern REF =
      Pattern.compile("\\s*ref\\(\\s*'([^']*)'\\s*\\)\\s*|\\s*ref\\(\\s*\"([^\"]*)\"\\s*\\)\\s*");

  private ModelTemplate() {}

  /** The products a model reads through {@code ref}; malformed placeholders are ignored here. */
  public static Set<ProductId> refs(String sql) {
    Set<ProductId> refs = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(sql);
    while (m.find()) {
      Matcher ref = REF.matcher(m.group(1));
      if (ref.matches()) {
        try {
          refs.add(ProductId.parse(ref.group(1) != null ? ref.group(1) : ref.group(2)));
        } catch (IllegalArgumentException ignored) {
          // reported by problems()
        }
      }
    }
    return refs;
  }

  /** Whether the model reads its product's own source. */
  public static boolean usesSource(String sql) {
    Matcher m = PLACEHOLDER.matcher(sql);
    while (m.find()) {
      if (SOURCE.matcher(m.group(1)).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Every malformed placeholder, as a message; empty when the model is well-formed. */
  public static java.util.List<String> problems(String sql) {
    java.util.List<String> problems = new java.util.ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(sql);
    while (m.find()) {
      String inner = m.group(1);
      Matcher ref = REF.matcher(inner);
      if (SOURCE.matcher(inner).matches() || WINDOW.matcher(inner).matches()) {
        continue;
      }
      if (ref.matches()) {
        String id = ref.group(1) != null ? ref.group(1) : ref.group(2);
        try {
          ProductId.parse(id);
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
              + "}}' (expected {{ source() }}, {{ ref('domain.product') }}, {{ partition_start }} or"
              + " {{ partition_end }})");
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
      Matcher refMatcher = REF.matcher(inner);
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
      } else if (SOURCE.matcher(inner).matches()) {
        if (source == null) {
          throw new IllegalArgumentException("the model uses {{ source() }} but has no source");
        }
        replacement = source;
      } else if (refMatcher.matches()) {
        replacement =
            ref.apply(
                ProductId.parse(
                    refMatcher.group(1) != null ? refMatcher.group(1) : refMatcher.group(2)));
      } else {
        throw new IllegalArgumentException("unknown placeholder '{{" + inner + "}}'");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') line++;
    }
    return line;
  }
}
