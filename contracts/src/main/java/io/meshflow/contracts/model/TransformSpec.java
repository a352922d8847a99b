package io.meshflow.contracts.model;

import java.nio.file.Path;

/**
 * The SQL model that builds a product.
 *
 * @param sqlFile the model file, resolved against the contract's folder
 * @param sql the model's text, with its placeholders still in it
 * @param displayPath the model file as messages name it: relative to the contract's folder
 * @param contractLine the contract's line that names the model ({@code spec.transform.sql}, or
 *     {@code spec} when the model is found by convention); 0 when unknown
 */
public record TransformSpec(Path sqlFile, String sql, String displayPath, int contractLine) {
  public TransformSpec(Path sqlFile, String sql) {
    this(sqlFile, sql, sqlFile.getFileName().toString(), 0);
  }
}
