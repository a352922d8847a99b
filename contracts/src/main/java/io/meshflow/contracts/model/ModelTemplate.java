package io.meshflow.contracts.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders a SQL model may use, as dbt writes them: {@code {{ source() }}} for the
 * product's own source ({@code spec.source}) or {@code {{ source('system', 'table') }}} for a table
 * its domain declares in {@code sources.yaml}; {@code {{ ref('domain.product') }}} or {@code {{
 * ref('domain', 'product') }}} for another published product; {@code {{ config(materialized=…,
 * meta={…}) }}}; and {@code {{ partition_start }}}, {@code {{ partition_end }}}. Each is read by
 * {@link TemplateCall}'s parser; anything else in double braces is an error, so a typo never
 * reaches the database.
 */
public final class ModelTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
  private static final Pattern WINDOW = Pattern.compile("\\s*(partition_start|partition_end)\\s*");

  /** The keyword arguments {@code config} takes, and the materializations it knows. */
  private static final Set<String> CONFIG_KEYS = Set.of("materialized", "meta");

  private static final Set<String> MATERIALIZATIONS = Set.of("table", "incremental");

  private ModelTemplate() {}

  /** A {@code source('system', 'table')} a model reads, and its line in the model. */
  public record SourceCall(String system, String table, int line) {}

  /**
   * A model's {@code config(…)}: its materialization and {@code meta} dictionary, with the model
   * line of the call and of each {@code meta} key (by key).
   */
  public record Config(
      String materialized, Map<String, Object> meta, int line, Map<String, Integer> metaLines) {
    /** The line of {@code meta[key]} in the model, else the call's. */
    public int lineOf(String key) {
      return metaLines.getOrDefault(key, line);
    }
  }

  /** A relation a model reads: its product's source, or another product. */
  public record Relation(boolean source, ProductId product) {}

  /** The products a model reads through {@code ref}; malformed placeholders are ignored here. */
  public static Set<ProductId> refs(String sql) {
    Set<ProductId> refs = new LinkedHashSet<>();
    for (Placeholder p : placeholders(sql)) {
      if (p.isRef()) {
        try {
          refs.add(p.product());
        } catch (IllegalArgumentException ignored) {
          // reported by problems()
        }
      }
    }
    return refs;
  }

  /** The declared source tables a model reads, in order; malformed placeholders are left out. */
  public static List<SourceCall> sources(String sql) {
    List<SourceCall> sources = new ArrayList<>();
    for (Placeholder p : placeholders(sql)) {
      if (p.isSource() && p.call().args().size() == 2) {
        List<String> args = p.call().strings();
        sources.add(new SourceCall(args.get(0), args.get(1), p.line()));
      }
    }
    return sources;
  }

  /** Whether the model is {@code config(materialized='incremental')}. */
  public static boolean incremental(String sql) {
    return config(sql).map(c -> "incremental".equals(c.materialized())).orElse(false);
  }

  /** Whether the model reads a source, its own ({@code source()}) or a declared one. */
  public static boolean usesSource(String sql) {
    return placeholders(sql).stream().anyMatch(Placeholder::isSource);
  }

  /** Whether the model reads its contract's own {@code spec.source} with {@code source()}. */
  public static boolean usesOwnSource(String sql) {
    return placeholders(sql).stream().anyMatch(p -> p.isSource() && p.call().args().isEmpty());
  }

  /** The model's {@code config(…)}, if it has a well-formed one. */
  public static Optional<Config> config(String sql) {
    for (Placeholder p : placeholders(sql)) {
      if (p.call() != null && p.call().name().equals("config") && configProblem(p) == null) {
        return Optional.of(p.config());
      }
    }
    return Optional.empty();
  }

  /** Every malformed placeholder, as a message {@code line N: …}; empty when well-formed. */
  public static List<String> problems(String sql) {
    List<String> problems = new ArrayList<>();
    int configs = 0;
    for (Placeholder p : placeholders(sql)) {
      String problem = null;
      if (WINDOW.matcher(p.inner()).matches()) continue;
      if (p.syntax() != null) {
        // reported at the line the parser stopped on, which a long config(…) may be far from
        int offset = p.syntax().offset();
        String name = p.inner().strip().replaceFirst("(?s)\\s*\\(.*", "");
        problems.add(
            "line "
                + (p.line() + newlines(p.inner(), offset))
                + ": cannot parse {{ "
                + name
                + "(…) }}: "
                + p.syntax().getMessage());
        continue;
      } else if (p.call() == null) {
        problem = unknown(p);
      } else if (p.call().name().equals("config")) {
        problem = ++configs > 1 ? "a model has one config(…); this is another" : configProblem(p);
      } else if (p.call().name().equals("source")) {
        int n = p.call().args().size();
        if (!p.call().onlyStrings() || (n != 0 && n != 2)) {
          problem =
              "source() takes no argument (the contract's spec.source) or two strings, the"
                  + " declared source and its table: source('raw_kafka', 'order_events')";
        }
      } else if (p.call().name().equals("ref")) {
        int n = p.call().args().size();
        if (!p.call().onlyStrings() || (n != 1 && n != 2)) {
          problem = "ref() takes 'domain.product' or 'domain', 'product'";
        } else {
          try {
            p.product();
          } catch (IllegalArgumentException e) {
            problem = e.getMessage();
          }
        }
      } else {
        problem = unknown(p);
      }
      if (problem != null) problems.add("line " + p.line() + ": " + problem);
    }
    return problems;
  }

  private static String unknown(Placeholder p) {
    return "unknown placeholder '{{"
        + p.inner()
        + "}}' (expected {{ source() }}, {{ source('system', 'table') }}, {{ ref('domain.product')"
        + " }}, {{ ref('domain', 'product') }}, {{ config(…) }}, {{ partition_start }} or {{"
        + " partition_end }})";
  }

  private static String configProblem(Placeholder p) {
    TemplateCall call = p.call();
    if (!call.args().isEmpty()) {
      return "config() takes keyword arguments only (materialized=…, meta={…})";
    }
    for (String key : call.kwargs().keySet()) {
      if (!CONFIG_KEYS.contains(key)) {
        return "config() has no argument '" + key + "' (expected materialized, meta)";
      }
    }
    Object materialized = call.kwargs().get("materialized");
    if (materialized != null && !MATERIALIZATIONS.contains(materialized)) {
      return "materialized="
          + (materialized instanceof String s ? "'" + s + "'" : String.valueOf(materialized))
          + " is not a materialization Meshflow builds (expected 'table' or 'incremental')";
    }
    if (call.kwargs().containsKey("meta") && !(call.kwargs().get("meta") instanceof Map)) {
      return "meta must be a dictionary, e.g. meta={\"product\": \"order_events\"}";
    }
    return null;
  }

  /** Whether the model uses the partition window. */
  public static boolean usesWindow(String sql) {
    return placeholders(sql).stream().anyMatch(p -> WINDOW.matcher(p.inner()).matches());
  }

  /**
   * Replaces every placeholder.
   *
   * @param source the relation that {@code source(…)} stands for
   * @param ref the relation for a referenced product
   */
  public static String render(String sql, String source, Function<ProductId, String> ref) {
    return render(sql, source, ref, null);
  }

  /**
   * Replaces every placeholder; {@code {{ partition_start }}} and {@code {{ partition_end }}}
   * become timestamp literals of {@code window}'s bounds, and {@code config(…)} its own line breaks
   * (so the lines of the SQL stay those of the model).
   */
  public static String render(
      String sql, String source, Function<ProductId, String> ref, PartitionWindow window) {
    Matcher m = PLACEHOLDER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Placeholder p = Placeholder.of(m.group(1), 0);
      String replacement;
      Matcher windowMatcher = WINDOW.matcher(p.inner());
      if (windowMatcher.matches()) {
        if (window == null) {
          throw new IllegalArgumentException(
              "the model uses {{ " + windowMatcher.group(1) + " }} but the run has no partition");
        }
        String bound =
            windowMatcher.group(1).equals("partition_start") ? window.start() : window.end();
        replacement = "TIMESTAMPTZ '" + bound + "'";
      } else if (p.isSource()) {
        if (source == null) {
          throw new IllegalArgumentException("the model uses {{ source() }} but has no source");
        }
        replacement = source;
      } else if (p.isRef()) {
        replacement = ref.apply(p.product());
      } else if (p.call() != null && p.call().name().equals("config")) {
        replacement = m.group().replaceAll("[^\\n]", "");
      } else {
        throw new IllegalArgumentException("unknown placeholder '{{" + p.inner() + "}}'");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static List<Placeholder> placeholders(String sql) {
    List<Placeholder> all = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(sql);
    while (m.find()) {
      all.add(Placeholder.of(m.group(1), lineOf(sql, m.start())));
    }
    return all;
  }

  /**
   * One {@code {{ … }}}: its text, the model line it starts on, and its call (or why the text that
   * looks like a call is not one).
   */
  private record Placeholder(
      String inner, int line, TemplateCall call, TemplateCall.SyntaxException syntax) {
    static Placeholder of(String inner, int line) {
      if (!TemplateCall.looksLikeCall(inner)) return new Placeholder(inner, line, null, null);
      try {
        return new Placeholder(inner, line, TemplateCall.parse(inner), null);
      } catch (TemplateCall.SyntaxException e) {
        return new Placeholder(inner, line, null, e);
      }
    }

    boolean isSource() {
      return call != null
          && call.name().equals("source")
          && call.onlyStrings()
          && (call.args().isEmpty() || call.args().size() == 2);
    }

    boolean isRef() {
      return call != null
          && call.name().equals("ref")
          && call.onlyStrings()
          && (call.args().size() == 1 || call.args().size() == 2);
    }

    /**
     * The product a {@code ref} names, as {@code 'domain.product'} or {@code 'domain', 'product'}.
     */
    ProductId product() {
      List<String> args = call.strings();
      if (args.size() == 1) return ProductId.parse(args.get(0));
      return new ProductId(SqlIdentifier.of(args.get(0)), SqlIdentifier.of(args.get(1)));
    }

    @SuppressWarnings("unchecked")
    Config config() {
      Object meta = call.kwargs().get("meta");
      Map<String, Integer> lines = new java.util.HashMap<>();
      call.offsets()
          .forEach(
              (path, offset) -> {
                if (path.startsWith("meta.") && path.indexOf('.', 5) < 0) {
                  lines.put(path.substring(5), line + newlines(inner, offset));
                }
              });
      Object materialized = call.kwargs().get("materialized");
      return new Config(
          materialized == null ? "table" : (String) materialized,
          meta == null ? Map.of() : (Map<String, Object>) meta,
          line,
          lines);
    }
  }

  private static int newlines(String text, int offset) {
    int n = 0;
    for (int i = 0; i < Math.min(offset, text.length()); i++) {
      if (text.charAt(i) == '\n') n++;
    }
    return n;
  }

  private static int lineOf(String text, int offset) {
    return 1 + newlines(text, offset);
  }
}
