package io.meshflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.export.GreatExpectationsSuite;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.parse.ContractParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GreatExpectationsSuiteTest {
  private static DataProductContract fixture(String name) {
    Path file = Path.of("src/test/resources/contracts/valid").resolve(name);
    return new ContractParser().parse(file, name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> expectation(Map<String, Object> suite, String check) {
    return ((List<Map<String, Object>>) suite.get("expectations"))
        .stream()
            .filter(e -> ((Map<String, Object>) e.get("meta")).get("meshflow_check").equals(check))
            .findFirst()
            .orElseThrow();
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyCheckKeepsItsExpectationNameAndArgumentsOrSaysWhyNot() {
    Map<String, Object> suite = GreatExpectationsSuite.of(fixture("ge_arguments.yaml"));
    assertThat(suite.get("name")).isEqualTo("orders.ge_arguments.v1.0.0");
    assertThat(expectation(suite, "expect_column_values_to_be_in_set(code)"))
        .isEqualTo(
            Map.of(
                "type", "expect_column_values_to_be_in_set",
                "kwargs", Map.of("column", "code", "value_set", List.of()),
                "meta",
                    Map.of(
                        "meshflow_check",
                        "expect_column_values_to_be_in_set(code)",
                        "severity",
                        "error")));
    assertThat(expectation(suite, "null_in_set").get("kwargs"))
        .isEqualTo(Map.of("column", "code", "value_set", List.of("x")));
    assertThat(expectation(suite, "expect_column_values_to_be_between(code)").get("kwargs"))
        .isEqualTo(
            Map.of(
                "column", "code",
                "min_value", "1",
                "max_value", "9",
                "strict_min", false,
                "strict_max", false));
    assertThat(expectation(suite, "expect_compound_columns_to_be_unique").get("kwargs"))
        .isEqualTo(
            Map.of("column_list", List.of("a", "b"), "ignore_row_if", "any_value_is_missing"));
    var any = (Map<String, Object>) expectation(suite, "any_type").get("kwargs");
    assertThat(any).containsEntry("column", "b").containsEntry("type_list", null);
    var meshflow = (Map<String, Object>) ((Map<String, Object>) suite.get("meta")).get("meshflow");
    assertThat((List<Map<String, Object>>) meshflow.get("not_exported"))
        .extracting(m -> m.get("check") + ": " + m.get("reason"))
        .containsExactly(
            "expect_column_mean_to_be_between(amount): its row_condition is SQL; Great"
                + " Expectations writes conditions in its own syntax",
            "freshness(seen_at): Great Expectations has no freshness expectation",
            "recent: its bounds are run-time ({{ run_started_at }}); give Great Expectations a"
                + " suite parameter instead",
            "expect_table_row_count_to_be_between: its row_condition is SQL; Great Expectations"
                + " writes conditions in its own syntax");
  }

  @Test
  void numbersStayNumbersAndThresholdsBecomeMostly() {
    Map<String, Object> suite = GreatExpectationsSuite.of(fixture("every_check.yaml"));
    assertThat(expectation(suite, "expect_column_values_to_be_null(amount)").get("kwargs"))
        .isEqualTo(Map.of("column", "amount", "mostly", 0.1));
    assertThat(expectation(suite, "expect_table_row_count_to_equal").get("kwargs"))
        .isEqualTo(Map.of("value", 10L));
  }
}
