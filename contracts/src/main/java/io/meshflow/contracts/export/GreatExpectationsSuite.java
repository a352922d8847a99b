package io.meshflow.contracts.export;

import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.Expectation;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.contracts.model.RunTimeBound;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.contracts.parse.ContractValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A product's checks as a Great Expectations expectation suite (GE 1.x's JSON: {@code name}, {@code
 * expectations} of {@code type} and {@code kwargs}), so that a team can run the same suite in GE.
 * Each check keeps its expectation name and arguments; {@code threshold} is {@code mostly}. What GE
 * has no form for is listed in the suite's {@code meta.meshflow.not_exported} with the reason —
 * {@code freshness} and {@code sql} checks, a SQL {@code row_condition} (GE's conditions are
 * written in its own syntax), run-time bounds — rather than exported wrong.
 */
public final class GreatExpectationsSuite {
  private GreatExpectationsSuite() {}

  public static Map<String, Object> of(DataProductContract contract) {
    List<Map<String, Object>> expectations = new ArrayList<>();
    List<Map<String, Object>> notExported = new ArrayList<>();
    for (QualityCheck c : contract.checks()) {
      String reason = unexportable(c);
      if (reason != null) {
        notExported.add(Map.of("check", c.name(), "reason", reason));
        continue;
      }
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("type", c.expectation().contractName());
      e.put("kwargs", kwargs(c, numeric(contract, c)));
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("meshflow_check", c.name());
      meta.put("severity", c.severity().name().toLowerCase(java.util.Locale.ROOT));
      e.put("meta", meta);
      expectations.add(e);
    }
    Map<String, Object> meshflow = new LinkedHashMap<>();
    meshflow.put("product", contract.id().toString());
    meshflow.put("version", contract.version().toString());
    meshflow.put("not_exported", notExported);
    Map<String, Object> suite = new LinkedHashMap<>();
    suite.put("name", contract.id() + ".v" + contract.version());
    suite.put("expectations", expectations);
    suite.put("meta", Map.of("meshflow", meshflow));
    return suite;
  }

  /** Why GE cannot run the check as Meshflow does, or null when it can. */
  private static String unexportable(QualityCheck c) {
    if (c.expectation() == Expectation.FRESHNESS) {
      return "Great Expectations has no freshness expectation";
    }
    if (c.expectation() == Expectation.SQL) {
      return "a sql check compares a query's value; Great Expectations' query expectations count"
          + " unexpected rows";
    }
    if (c.rowCondition() != null) {
      return "its row_condition is SQL; Great Expectations writes conditions in its own syntax";
    }
    if (RunTimeBound.parse(c.minValue()).isPresent()
        || RunTimeBound.parse(c.maxValue()).isPresent()) {
      return "its bounds are run-time ({{ run_started_at }}); give Great Expectations a suite"
          + " parameter instead";
    }
    return null;
  }

  /** Whether the check's values are numbers: a numeric column's, or counts, lengths, means. */
  private static boolean numeric(DataProductContract contract, QualityCheck c) {
    return switch (c.expectation()) {
      case EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN,
          EXPECT_TABLE_ROW_COUNT_TO_EQUAL,
          EXPECT_COLUMN_VALUE_LENGTHS_TO_BE_BETWEEN,
          EXPECT_COLUMN_MEAN_TO_BE_BETWEEN,
          EXPECT_COLUMN_SUM_TO_BE_BETWEEN ->
          true;
      default ->
          c.column() != null
              && contract.field(c.column()).map(f -> f.type().isNumeric()).orElse(false);
    };
  }

  private static Map<String, Object> kwargs(QualityCheck c, boolean numeric) {
    Map<String, Object> k = new LinkedHashMap<>();
    if (c.column() != null) k.put("column", c.column().value());
    Expectation e = c.expectation();
    if (e.arguments().contains("min_value")) {
      if (c.minValue() != null) k.put("min_value", literal(c.minValue(), numeric));
      if (c.maxValue() != null) k.put("max_value", literal(c.maxValue(), numeric));
      if (e.arguments().contains("strict_min")) {
        k.put("strict_min", c.strictMin());
        k.put("strict_max", c.strictMax());
      }
    }
    switch (e) {
      case EXPECT_COLUMN_VALUES_TO_BE_IN_SET, EXPECT_COLUMN_VALUES_TO_NOT_BE_IN_SET ->
          k.put("value_set", c.valueSet().stream().map(v -> literal(v, numeric)).toList());
      case EXPECT_COLUMN_VALUES_TO_MATCH_REGEX, EXPECT_COLUMN_VALUES_TO_NOT_MATCH_REGEX ->
          k.put("regex", c.regex());
      case EXPECT_COMPOUND_COLUMNS_TO_BE_UNIQUE -> {
        k.put("column_list", names(c.columns()));
        k.put("ignore_row_if", c.ignoreRowIf().contractName());
      }
      case EXPECT_TABLE_ROW_COUNT_TO_EQUAL -> k.put("value", literal(c.value(), numeric));
      case EXPECT_COLUMN_VALUES_TO_BE_OF_TYPE -> k.put("type_", c.typeName());
      case EXPECT_COLUMN_VALUES_TO_BE_IN_TYPE_LIST ->
          k.put("type_list", c.vacuous() ? null : c.typeList());
      case EXPECT_TABLE_COLUMNS_TO_MATCH_SET -> {
        k.put("column_set", c.vacuous() ? null : names(c.columns()));
        k.put("exact_match", c.exactMatch());
      }
      case EXPECT_TABLE_COLUMNS_TO_MATCH_ORDERED_LIST ->
          k.put("column_list", c.vacuous() ? null : names(c.columns()));
      default -> {
        // the column and the bounds say it all
      }
    }
    if (e.takesThreshold() && c.threshold() < 1.0) k.put("mostly", c.threshold());
    return k;
  }

  private static List<String> names(List<SqlIdentifier> columns) {
    return columns.stream().map(SqlIdentifier::value).toList();
  }

  /** A value of a numeric check as a number, anything else as the text it is. */
  private static Object literal(String text, boolean numeric) {
    return numeric ? ContractValues.numberOrText(text) : text;
  }
}
