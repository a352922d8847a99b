package io.meshflow.contracts.model;

/**
 * One column of a product's schema.
 *
 * @param masking how the column is masked at publish, or {@code null} when it is published as is
 */
public record FieldSpec(
    SqlIdentifier name,
    FieldType type,
    String description,
    boolean primaryKey,
    boolean nullable,
    boolean pii,
    Masking masking) {}
