package io.meshflow.contracts.parse;

import io.meshflow.contracts.model.Expectation;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.contracts.model.Severity;
import io.meshflow.contracts.model.SqlIdentifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code spec.quality.checks}: each assertion must be known and get exactly its arguments.
 */
final class CheckReader {
  private static final Set<String> COMMON =
      Set.of("name", "column", "assertion", "threshold", "severity");
  private static final Set<String> ALL_ARGUMENTS = new LinkedHashSet<>();

  static {
    for (Expectation e : Expectation.values()) ALL_ARGUMENTS.addAll(e.arguments());
  }

  private final Problems problems;

  CheckReader(Problems problems) {
    this.problems = problems;
  }

  List<QualityCheck> checks(YamlMap spec, List<FieldSpec> fields) {
    List<QualityCheck> checks = new ArrayList<>();
    YamlMap quality = spec.map("quality", false, Set.of("checks"));
    if (quality == null) return checks;
    Set<String> names = new HashSet<>();
    Set<String> allowed = new HashSet<>(COMMON);
    allowed.addAll(ALL_ARGUMENTS);
    for (YamlMap.Item item : quality.list("checks", false)) {
      YamlMap c = YamlMap.of(item.node(), item.path(), problems, allowed);
      Expectation expectation = c.parsed("assertion", true, Expectation::fromContractName);
      SqlIdentifier column = c.parsed("column", false, SqlIdentifier::of);
      Optional<FieldSpec> field = Optional.empty();
      if (expectation != null) {
        for (String key : ALL_ARGUMENTS) {
          if (c.has(key) && !expectation.arguments().contains(key)) {
            problems.add(
                c.pathOf(key),
                c.node(key, false),
                expectation.contractName()
                    + " does not take '"
                    + key
                    + "'"
                    + (expectation.arguments().isEmpty()
                        ? ""
                        : " (it takes "
                            + String.join(", ", expectation.arguments().stream().sorted().toList())
                            + ")"));
          }
        }
        for (String key : expectation.requiredArguments()) {
          c.node(key, true);
        }
        if (expectation.isColumnCheck() && !c.has("column")) {
          c.node("column", true);
        }
        if (!expectation.isColumnCheck() && c.has("column")) {
          problems.add(
              c.pathOf("column"),
              c.node("column", false),
              expectation.contractName() + " is a table check and takes no column");
        }
      }
      if (column != null) {
        field = fields.stream().filter(f -> f.name().equals(column)).findFirst();
        if (field.isEmpty()) {
          problems.add(
              c.pathOf("column"),
              c.node("column", false),
              "column '" + column + "' is not in spec.schema.fields");
        }
      }
      Double threshold = c.number("threshold");
      if (threshold != null && (threshold < 0.0 || threshold > 1.0)) {
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
                } catch (IllegalArgumentException e) {
                  throw new IllegalArgumentException(
                      "unknown severity '" + s + "' (expected error or warn)");
                }
              });
      String min = c.scalarText("min_value");
      String max = c.scalarText("max_value");
      checkNumeric(c, "min_value", min, expectation, field);
      checkNumeric(c, "max_value", max, expectation, field);
      if (expectation == Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN
          && min == null
          && max == null
          && !c.has("min_value")
          && !c.has("max_value")) {
        problems.add(
            c.path(),
            c.node(),
            "expect_column_values_to_be_between needs min_value, max_value or both");
      }
      Boolean strictMin = c.bool("strict_min");
      Boolean strictMax = c.bool("strict_max");
      List<String> valueSet = new ArrayList<>();
      for (YamlMap.Item v : c.list("value_set", false)) {
        if (v.node() instanceof org.yaml.snakeyaml.nodes.ScalarNode s && !YamlMap.isNull(s)) {
          valueSet.add(s.getValue());
        } else {
          problems.add(v.path(), v.node(), "expected a value, got " + YamlMap.describe(v.node()));
        }
      }
      if (c.has("value_set") && valueSet.isEmpty() && c.list("value_set", false).isEmpty()) {
        problems.add(
            c.pathOf("value_set"), c.node("value_set", false), "value_set must not be empty");
      }
      String regex = c.string("regex", false);
      if (regex != null) {
        try {
          Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          problems.add(
              c.pathOf("regex"), c.node("regex", false), "invalid regex: " + e.getDescription());
        }
      }
      String name = c.string("name", false);
      if (expectation == null) continue;
      if (name == null) {
        name = expectation.contractName() + (column == null ? "" : "(" + column + ")");
      }
      if (!names.add(name)) {
        problems.add(
            item.path(),
            item.node(),
            "duplicate check name '" + name + "' (give one of them a distinct name:)");
      }
      checks.add(
          new QualityCheck(
              name,
              expectation,
              column,
              threshold == null ? 1.0 : threshold,
              severity == null ? Severity.ERROR : severity,
              min,
              max,
              Boolean.TRUE.equals(strictMin),
              Boolean.TRUE.equals(strictMax),
              valueSet,
              regex));
    }
    return checks;
  }

  /** Bounds of a row-count check, and of a between check on a numeric column, must be numbers. */
  private void checkNumeric(
      YamlMap c, String key, String value, Expectation e, Optional<FieldSpec> field) {
    if (value == null) return;
    boolean numeric =
        e == Expectation.EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN
            || (field.isPresent() && field.get().type().isNumeric());
    if (numeric) {
      try {
        new java.math.BigDecimal(value);
      } catch (NumberFormatException ex) {
        problems.add(c.pathOf(key), c.node(key, false), "expected a number, got '" + value + "'");
      }
    }
  }
}
