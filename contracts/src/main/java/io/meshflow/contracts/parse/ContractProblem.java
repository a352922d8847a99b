package io.meshflow.contracts.parse;

/**
 * One thing wrong with a contract: where (file, YAML path, line) and what.
 *
 * @param yamlPath e.g. {@code spec.schema.fields[1].type}; empty for the whole document
 * @param line 1-based line, or 0 when unknown
 */
public record ContractProblem(String file, String yamlPath, int line, String message) {

  /** {@code file:line: path: message}, the form editors and CI logs link to. */
  @Override
  public String toString() {
    return file
        + (line > 0 ? ":" + line : "")
        + ": "
        + (yamlPath.isEmpty() ? "" : yamlPath + ": ")
        + message;
  }
}
