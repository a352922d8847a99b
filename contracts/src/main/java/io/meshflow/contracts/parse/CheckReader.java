package io.meshflow.contracts.parse;

import io.meshflow.contracts.model.Expectation;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.contracts.model.Severity;
import io.meshflow.contracts.model.SqlComparison;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.contracts.sql.QueryRules;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads {@code spec.quality.checks}: each assertion must be known, get exactly its arguments, with
 * the right types, and point at columns of the schema that suit it.
 */
final class CheckReader {
  private static final Set<String> COMMON =
      Set.of("name", "column", "assertion", "threshold", "severity", "row_condition");
  private static final Set<String> ALL_ARGUMENTS = new LinkedHashSet<>();

  static {
    for (Expectation e : Expectation.values()) ALL_ARGUMENTS.addAll(e.arguments());
  }

  /** What {@code {{ this }}} stands for while a query is checked. */
  private static final String THIS = "mf_this";

  private final Problems problems;

  CheckReader(Problems problems) {
    this.problems = problems;
  }

  /** The checks of {@code quality} (the {@code spec.quality} mapping, or null when absent). */
  List<QualityCheck> checks(YamlMap quality, List<FieldSpec> fields) {
    List<QualityCheck> checks = new ArrayList<>();
    if (quality == null) return checks;
    Set<String> names = new HashSet<>();
    Set<String> allowed = new HashSet<>(COMMON);
    allowed.addAll(ALL_ARGUMENTS);
    for (YamlMap.Item item : quality.list("checks", false)) {
      Map<String, String> lifted = new HashMap<>();
      YamlMap c = YamlMap.of(liftArguments(item, lifted), item.path(), problems, allowed, lifted);
      Expectation e = c.parsed("assertion", true, Expectation::fromContractName);
      SqlIdentifier column = c.parsed("column", false, SqlIdentifier::of);
      Optional<FieldSpec> field =
          column == null
              ? Optional.empty()
              : fields.stream().filter(f -> f.name().equals(column)).findFirst();
      if (column != null && field.isEmpty()) {
        problems.add(
            c.pathOf("column"),
            c.node("column", false),
            "column '" + column + "' is not in spec.schema.fields");
      }
      QualityCheck check = e == null ? null : read(c, e, column, field, fields);
      if (check == null) continue;
      if (!names.add(check.name())) {
        problems.add(
            item.path(),
            item.node(),
            "duplicate check name '" + check.name() + "' (give one of them a distinct name:)");
      }
      checks.add(check);
    }
    return checks;
  }

  /**
   * GE's own form of a check's arguments, {@code value: { min_value: …, max_value: … }}, read as
   * the same arguments written beside {@code assertion}. A key given both ways, or one in {@code
   * value} that is no expectation's argument, is a problem. (A scalar {@code value} is the argument
   * of {@code expect_table_row_count_to_equal}.)
   */
  private Node liftArguments(YamlMap.Item item, Map<String, String> liftedPaths) {
    if (!(item.node() instanceof MappingNode check)) return item.node();
    NodeTuple value = null;
    Set<String> beside = new HashSet<>();
    for (NodeTuple t : check.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode key)) continue;
      if (key.getValue().equals("value") && t.getValueNode() instanceof MappingNode) value = t;
      else beside.add(key.getValue());
    }
    if (value == null) return check;
    String at = YamlMap.child(item.path(), "value");
    List<NodeTuple> tuples = new ArrayList<>(check.getValue());
    tuples.remove(value);
    for (NodeTuple t : ((MappingNode) value.getValueNode()).getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : String.valueOf(t);
      if (!ALL_ARGUMENTS.contains(key) || key.equals("value")) {
        problems.add(
            YamlMap.child(at, key),
            t.getKeyNode(),
            "'"
                + key
                + "' is not an argument of an expectation"
                + (COMMON.contains(key) ? " (write it beside assertion)" : ""));
      } else if (beside.contains(key)) {
        problems.add(
            YamlMap.child(at, key),
            t.getKeyNode(),
            key + " is given both in value and beside assertion; give it once");
      } else {
        tuples.add(t);
        liftedPaths.put(key, YamlMap.child(at, key));
      }
    }
    return new MappingNode(check.getTag(), tuples, check.getFlowStyle());
  }

  private QualityCheck read(
      YamlMap c,
      Expectation e,
      SqlIdentifier column,
      Optional<FieldSpec> field,
      List<FieldSpec> fields) {
    String assertion = e.contractName();
    for (String key : ALL_ARGUMENTS) {
      if (c.has(key) && !e.arguments().contains(key)) {
        problems.add(
            c.pathOf(key),
            c.node(key, false),
            assertion
                + " does not take '"
                + key
                + "'"
                + (e.arguments().isEmpty()
                    ? ""
                    : " (it takes "
                        + String.join(", ", e.arguments().stream().sorted().toList())
                        + ")"));
      }
    }
    // GE takes column_set, column_list and type_list as None: the check is then vacuously true
    boolean vacuous =
        e.kind() == Expectation.Kind.SCHEMA
            && e.requiredArguments().stream().anyMatch(c::isExplicitNull);
    e.requiredArguments().stream()
        .filter(key -> !(vacuous && c.isExplicitNull(key)))
        .forEach(key -> c.node(key, true));
    String rowCondition = rowCondition(c, e, fields);
    if (e.isColumnCheck() && !c.has("column")) c.node("column", true);
    if (!e.isColumnCheck() && c.has("column")) {
      problems.add(
          c.pathOf("column"),
          c.node("column", false),
          assertion + " is a table check and takes no column");
    }
    FieldType type = field.map(FieldSpec::type).orElse(null);
    if (type != null
        && e == Expectation.EXPECT_COLUMN_VALUE_LENGTHS_TO_BE_BETWEEN
        && type != FieldType.STRING) {
      // GE on PostgreSQL raises: length() takes text
      problems.add(
          c.pathOf("column"),
          c.node("column", false),
          assertion
              + " measures text; '"
              + column
              + "' is "
              + type.contractName()
              + " (check its range with expect_column_values_to_be_between)");
    }
    if (type != null
        && (e == Expectation.EXPECT_COLUMN_MEAN_TO_BE_BETWEEN
            || e == Expectation.EXPECT_COLUMN_SUM_TO_BE_BETWEEN)
        && !type.isNumeric()) {
      problems.add(
          c.pathOf("column"),
          c.node("column", false),
          assertion + " needs a numeric column; '" + column + "' is " + type.contractName());
    }
    if (type != null
        && e == Expectation.FRESHNESS
        && type != FieldType.TIMESTAMP
        && type != FieldType.DATE) {
      problems.add(
          c.pathOf("column"),
          c.node("column", false),
          "freshness needs a timestamp or date column; '" + column + "' is " + type.contractName());
    }

    Double threshold = c.number("threshold");
    if (threshold != null && !e.takesThreshold()) {
      problems.add(
          c.pathOf("threshold"),
          c.node("threshold", false),
          assertion + " is not a row-by-row check and takes no threshold");
    } else if (threshold != null && (threshold < 0.0 || threshold > 1.0)) {
      problems.add(
          c.pathOf("threshold"),
          c.node("threshold", false),
          "threshold must be between 0 and 1, got " + threshold);
    }
    Severity severity =
        c.parsed(
            "severity",
            false,
            s -> {
              try {
                return Severity.valueOf(s.toUpperCase(Locale.ROOT));
              } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(
                    "unknown severity '" + s + "' (expected error or warn)");
              }
            });

    boolean numericBounds =
        e == Expectation.EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN
            || e == Expectation.EXPECT_COLUMN_VALUE_LENGTHS_TO_BE_BETWEEN
            || e == Expectation.EXPECT_COLUMN_MEAN_TO_BE_BETWEEN
            || (type != null && type.isNumeric());
    String min = c.scalarText("min_value");
    String max = c.scalarText("max_value");
    if (numericBounds) {
      number(c, "min_value", min);
      number(c, "max_value", max);
    }
    // neither bound: GE's check is vacuously true, and so is Meshflow's
    boolean strictMin = Boolean.TRUE.equals(c.bool("strict_min"));
    boolean strictMax = Boolean.TRUE.equals(c.bool("strict_max"));
    new Bounds(problems, c, e, type, column)
        .check(
            min,
            max,
            strictMin || strictMax,
            Boolean.TRUE.equals(c.bool("allow_cross_type_comparisons")));
    String value = c.scalarText("value");
    if (value != null) number(c, "value", value);

    // as GE: an empty set, and nulls in it, are allowed (nulls are never considered anyway)
    List<String> valueSet = new ArrayList<>();
    for (YamlMap.Item v : c.list("value_set", false)) {
      if (v.node() instanceof ScalarNode s && YamlMap.isNull(s)) continue;
      if (v.node() instanceof ScalarNode s) valueSet.add(s.getValue());
      else problems.add(v.path(), v.node(), "expected a value, got " + YamlMap.describe(v.node()));
    }
    // PostgreSQL runs the pattern, so PostgreSQL judges it: when the version is registered, before
    // any run (Java's engine would refuse valid PostgreSQL patterns such as \\y, and let pass ones
    // PostgreSQL refuses)
    String regex = c.string("regex", false);
    List<SqlIdentifier> columns =
        identifiers(c, e.arguments().contains("column_set") ? "column_set" : "column_list");
    if (e == Expectation.EXPECT_COMPOUND_COLUMNS_TO_BE_UNIQUE) {
      for (SqlIdentifier col : columns) {
        if (fields.stream().noneMatch(f -> f.name().equals(col))) {
          problems.add(
              c.pathOf("column_list"),
              c.node("column_list", false),
              "column '" + col + "' is not in spec.schema.fields");
        }
      }
      if (c.has("column_list") && columns.size() < 2) {
        problems.add(
            c.pathOf("column_list"),
            c.node("column_list", false),
            "a compound key needs at least two columns");
      }
    }
    Boolean exactMatch = c.bool("exact_match");
    QualityCheck.IgnoreRowIf ignoreRowIf =
        c.parsed(
            "ignore_row_if",
            false,
            i -> {
              for (QualityCheck.IgnoreRowIf v : QualityCheck.IgnoreRowIf.values()) {
                if (v.contractName().equals(i)) return v;
              }
              throw new IllegalArgumentException(
                  "unknown ignore_row_if '"
                      + i
                      + "' (expected all_values_are_missing, any_value_is_missing or never)");
            });
    List<String> typeList = c.strings("type_list");
    String typeName = c.string("type_", false);
    String query = c.string("query", false);
    if (query != null && e == Expectation.SQL) {
      String rendered = query.replaceAll("\\{\\{\\s*this\\s*}}", THIS);
      for (String problem : QueryRules.problems(rendered, Set.of(THIS))) {
        problems.add(c.pathOf("query"), c.node("query", false), "query " + problem);
      }
    }
    SqlComparison comparison = e == Expectation.SQL ? comparison(c) : null;
    Duration maxAge = c.parsed("max_age", false, ContractValues::duration);

    String name = c.string("name", false);
    if (name == null && e == Expectation.SQL) {
      c.node("name", true);
      return null;
    }
    if (name == null) name = QualityCheck.defaultName(e, column);
    return new QualityCheck(
        name,
        e,
        column,
        threshold == null ? 1.0 : threshold,
        severity == null ? Severity.ERROR : severity,
        min,
        max,
        strictMin,
        strictMax,
        valueSet,
        regex,
        columns,
        exactMatch == null || exactMatch,
        value,
        typeName,
        query,
        comparison,
        maxAge == null ? 0 : maxAge.getSeconds(),
        rowCondition,
        ignoreRowIf,
        typeList,
        vacuous);
  }

  /**
   * GE's {@code row_condition}, in SQL: a boolean expression over the product's columns that
   * restricts the rows a check considers. Judged like a model — one expression, read-only
   * functions, no table but the product's own — and its columns must be fields.
   */
  private String rowCondition(YamlMap c, Expectation e, List<FieldSpec> fields) {
    String condition = c.string("row_condition", false);
    if (condition == null) return null;
    if (e.kind() == Expectation.Kind.SCHEMA || e.kind() == Expectation.Kind.SQL) {
      problems.add(
          c.pathOf("row_condition"),
          c.node("row_condition", false),
          e.contractName() + " reads no rows, so it takes no row_condition");
      return null;
    }
    String query = "SELECT 1 FROM " + THIS + " WHERE (" + condition + "\n)";
    List<String> rules = QueryRules.problems(query, Set.of(THIS));
    for (String problem : rules) {
      problems.add(
          c.pathOf("row_condition"), c.node("row_condition", false), "row_condition " + problem);
    }
    if (!rules.isEmpty()) return null;
    for (String column : io.meshflow.contracts.sql.ConditionColumns.of(condition)) {
      if (fields.stream().noneMatch(f -> f.name().value().equals(column))) {
        problems.add(
            c.pathOf("row_condition"),
            c.node("row_condition", false),
            "row_condition reads column '" + column + "', which is not in spec.schema.fields");
      }
    }
    return condition;
  }

  /** Exactly one ODCS comparison key; {@code mustBeBetween} takes a list of two numbers. */
  private SqlComparison comparison(YamlMap c) {
    List<String> keys = new ArrayList<>();
    for (SqlComparison.Operator o : SqlComparison.Operator.values())
      if (c.has(o.key())) keys.add(o.key());
    if (keys.size() != 1) {
      problems.add(
          c.path(),
          c.node(),
          "a sql check needs exactly one of mustBe, mustNotBe, mustBeGreaterThan,"
              + " mustBeGreaterOrEqualTo, mustBeLessThan, mustBeLessOrEqualTo, mustBeBetween, mustNotBeBetween"
              + (keys.isEmpty() ? "" : " (got " + String.join(", ", keys) + ")"));
      return null;
    }
    String key = keys.get(0);
    SqlComparison.Operator op = SqlComparison.Operator.fromKey(key);
    if (op == SqlComparison.Operator.MUST_BE_BETWEEN
        || op == SqlComparison.Operator.MUST_NOT_BE_BETWEEN) {
      List<YamlMap.Item> bounds = c.list(key, false);
      List<BigDecimal> numbers = new ArrayList<>();
      for (YamlMap.Item b : bounds) {
        BigDecimal n =
            b.node() instanceof ScalarNode s ? ContractValues.decimal(s.getValue()) : null;
        if (n == null)
          problems.add(b.path(), b.node(), "expected a number, got " + YamlMap.describe(b.node()));
        else numbers.add(n);
      }
      if (bounds.size() != 2 || numbers.size() != 2) {
        if (bounds.size() != 2)
          problems.add(
              c.pathOf(key),
              c.node(key, false),
              key + " takes a list of two numbers, e.g. [0, 10]");
        return null;
      }
      return new SqlComparison(
          op, numbers.get(0).min(numbers.get(1)), numbers.get(0).max(numbers.get(1)));
    }
    String text = c.scalarText(key);
    BigDecimal n = ContractValues.decimal(text);
    if (text != null && n == null) {
      problems.add(c.pathOf(key), c.node(key, false), "expected a number, got '" + text + "'");
    }
    return n == null ? null : new SqlComparison(op, n, null);
  }

  private List<SqlIdentifier> identifiers(YamlMap c, String key) {
    List<SqlIdentifier> out = new ArrayList<>();
    for (YamlMap.Item item : c.list(key, false)) {
      if (item.node() instanceof ScalarNode s && SqlIdentifier.isValid(s.getValue()))
        out.add(SqlIdentifier.of(s.getValue()));
      else
        problems.add(
            item.path(),
            item.node(),
            "expected a column name, got " + YamlMap.describe(item.node()));
    }
    return out;
  }

  private void number(YamlMap c, String key, String value) {
    if (value != null && ContractValues.decimal(value) == null) {
      problems.add(c.pathOf(key), c.node(key, false), "expected a number, got '" + value + "'");
    }
  }
}
