package io.meshflow.orchestrator.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshflow.contracts.parse.ContractValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One check's result in a run, as stored.
 *
 * @param failingRows example failing rows, a JSON array of objects (PII masked)
 * @param error why the check could not run, or null
 * @param observedValue what an aggregate, row-count, freshness or sql check measured, or null
 */
public record CheckRow(
    String checkName,
    String assertion,
    String columnName,
    String severity,
    boolean success,
    String observed,
    String expected,
    Long elementCount,
    Long unexpectedCount,
    Double unexpectedPercent,
    Double threshold,
    String failingRows,
    String error,
    String observedValue) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Rows at most in GE's {@code partial_unexpected_list}, as GE keeps them. */
  static final int PARTIAL_UNEXPECTED = 20;

  /**
   * The result in Great Expectations' shape (an {@code ExpectationValidationResult}): {@code
   * success}, {@code expectation_config} ({@code type} and {@code kwargs}), {@code result} ({@code
   * observed_value}; for row-by-row checks {@code element_count}, {@code unexpected_count}, {@code
   * unexpected_percent} and {@code partial_unexpected_list}, the failing values of the column) and
   * {@code exception_info} for a check that could not run.
   */
  @JsonProperty("great_expectations")
  public Map<String, Object> greatExpectations() {
    Map<String, Object> kwargs = new LinkedHashMap<>();
    if (columnName != null) kwargs.put("column", columnName);
    if (threshold != null && threshold < 1.0) kwargs.put("mostly", threshold);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("type", assertion);
    config.put("kwargs", kwargs);
    config.put("meta", Map.of("meshflow_check", checkName, "severity", severity));
    Map<String, Object> result = new LinkedHashMap<>();
    if (elementCount != null) {
      result.put("element_count", elementCount);
      result.put("unexpected_count", unexpectedCount);
      result.put("unexpected_percent", unexpectedPercent);
      result.put("partial_unexpected_list", partialUnexpected());
    } else {
      result.put("observed_value", ContractValues.numberOrText(observedValue));
    }
    Map<String, Object> exception = new LinkedHashMap<>();
    exception.put("raised_exception", error != null);
    exception.put("exception_message", error);
    exception.put("exception_traceback", null);
    Map<String, Object> ge = new LinkedHashMap<>();
    ge.put("success", success);
    ge.put("expectation_config", config);
    ge.put("result", result);
    ge.put("exception_info", exception);
    return ge;
  }

  /** The column's values in the example failing rows (for a table check, the rows). */
  private List<Object> partialUnexpected() {
    List<Object> values = new ArrayList<>();
    if (failingRows == null) return values;
    try {
      for (JsonNode row : JSON.readTree(failingRows)) {
        if (values.size() == PARTIAL_UNEXPECTED) break;
        JsonNode value = columnName == null ? row : row.get(columnName);
        values.add(value == null ? null : JSON.treeToValue(value, Object.class));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("stored failing rows are not JSON", e);
    }
    return values;
  }
}
