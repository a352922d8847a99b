package io.meshflow.contracts.model;

/** A column a source declaration gives a source table: staged with this name and type. */
public record SourceColumn(SqlIdentifier name, FieldType type) {}
