package io.meshflow.contracts.parse;

import io.meshflow.contracts.model.Severity;

/**
 * One thing wrong with a contract: where (file, YAML path, line), what, how bad, and which
 * governance rule says so (if one does).
 *
 * @param yamlPath e.g. {@code spec.schema.fields[1].type}; empty for the whole document
 * @param line 1-based line, or 0 when unknown
 * @param rule the governance rule's id, or {@code null} for format and reference problems
 */
public record ContractProblem(
    String file, String yamlPath, int line, String message, Severity severity, String rule) {

  /** A format or reference error. */
  public ContractProblem(String file, String yamlPath, int line, String message) {
    this(file, yamlPath, line, message, Severity.ERROR, null);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code file:line: path: [warning: ][rule: ]message}, the form editors and CI logs link to. */
  @Override
  public String toString() {
    return file
        + (line > 0 ? ":" + line : "")
        + ": "
        + (yamlPath.isEmpty() ? "" : yamlPath + ": ")
        + (severity == Severity.WARN ? "warning: " : "")
        + (rule == null ? "" : "[" + rule + "] ")
        + message;
  }
}
