package io.meshflow.workers.sql;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.SqlIdentifier;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place that generates DDL and casts for data products: how a contract's schema becomes a
 * PostgreSQL table. Catalog tables, by contrast, only change through Flyway migrations.
 */
public final class ProductTableDdl {
  private ProductTableDdl() {}

  /** The PostgreSQL type a logical contract type is stored as. */
  public static String sqlType(FieldType type) {
    return switch (type) {
      case STRING -> "text";
      case INTEGER -> "integer";
      case LONG -> "bigint";
      case DECIMAL -> "numeric";
      case DOUBLE -> "double precision";
      case BOOLEAN -> "boolean";
      case DATE -> "date";
      case TIMESTAMP -> "timestamp with time zone";
    };
  }

  /** The type names JDBC metadata reports for each contract type, for the schema diff. */
  public static boolean matchesReportedType(FieldType type, String pgTypeName) {
    String t = pgTypeName.toLowerCase(java.util.Locale.ROOT);
    return switch (type) {
      case STRING -> t.equals("text") || t.equals("varchar") || t.equals("bpchar");
      case INTEGER -> t.equals("int4") || t.equals("int2");
      case LONG -> t.equals("int8") || t.equals("int4") || t.equals("int2");
      case DECIMAL -> t.equals("numeric") || t.startsWith("int");
      case DOUBLE ->
          t.equals("float8") || t.equals("float4") || t.equals("numeric") || t.startsWith("int");
      case BOOLEAN -> t.equals("bool");
      case DATE -> t.equals("date");
      case TIMESTAMP -> t.equals("timestamptz") || t.equals("timestamp");
    };
  }

  /** {@code CREATE TABLE} for a product's typed output, with its NOT NULL and primary key. */
  public static String createTable(String qualifiedName, List<FieldSpec> fields) {
    StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(qualifiedName).append(" (");
    for (int i = 0; i < fields.size(); i++) {
      FieldSpec f = fields.get(i);
      if (i > 0) ddl.append(", ");
      ddl.append(f.name().quoted()).append(' ').append(sqlType(f.type()));
      if (!f.nullable()) ddl.append(" NOT NULL");
    }
    List<String> keys =
        fields.stream().filter(FieldSpec::primaryKey).map(f -> f.name().quoted()).toList();
    if (!keys.isEmpty()) {
      ddl.append(", PRIMARY KEY (").append(String.join(", ", keys)).append(')');
    }
    return ddl.append(')').toString();
  }

  /**
   * {@code CREATE TABLE IF NOT EXISTS} for a partitioned product: its columns with their NOT NULLs,
   * partitioned by range of {@code column}. No primary key on the whole table (PostgreSQL wants the
   * partition column in it); each partition keeps the primary key of its run's output.
   */
  public static String createPartitionedTable(
      String qualifiedName, List<FieldSpec> fields, SqlIdentifier column) {
    StringBuilder ddl =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(qualifiedName).append(" (");
    for (int i = 0; i < fields.size(); i++) {
      FieldSpec f = fields.get(i);
      if (i > 0) ddl.append(", ");
      ddl.append(f.name().quoted()).append(' ').append(sqlType(f.type()));
      if (!f.nullable()) ddl.append(" NOT NULL");
    }
    return ddl.append(") PARTITION BY RANGE (").append(column.quoted()).append(')').toString();
  }

  /** The column list of a product, quoted, in contract order. */
  public static String columnList(List<FieldSpec> fields) {
    return fields.stream().map(f -> f.name().quoted()).collect(Collectors.joining(", "));
  }

  /**
   * Each column of relation {@code alias} cast to its contract type, in contract order; with {@code
   * mask}, PII columns are masked in the same expression, exactly as publishing masks them.
   */
  public static String castColumns(String alias, List<FieldSpec> fields, boolean mask) {
    return fields.stream()
        .map(
            f -> {
              String cast =
                  "CAST(" + alias + "." + f.name().quoted() + " AS " + sqlType(f.type()) + ")";
              return mask && f.masking() != null ? maskExpression(f, cast) : cast;
            })
        .collect(Collectors.joining(", "));
  }

  /** Each column as published, named as in the contract: PII masked, the others as they are. */
  public static String maskedColumns(List<FieldSpec> fields) {
    return fields.stream().map(ProductTableDdl::masked).collect(Collectors.joining(", "));
  }

  private static String masked(FieldSpec f) {
    String col = f.name().quoted();
    return f.masking() == null ? col : maskExpression(f, col) + " AS " + col;
  }

  /** The one definition of masking: hex SHA-256 of the value's text, or NULL. */
  private static String maskExpression(FieldSpec f, String value) {
    return switch (f.masking()) {
      case HASH -> hash(value);
      case REDACT -> "CAST(NULL AS " + sqlType(f.type()) + ")";
    };
  }

  /** The hex SHA-256 of a value's text: what {@code hash} masking and treatments show. */
  public static String hash(String value) {
    return "encode(sha256(convert_to(CAST(" + value + " AS text), 'UTF8')), 'hex')";
  }

  /** Whether any column must be rewritten before the output may be published. */
  public static boolean needsMasking(List<FieldSpec> fields) {
    return fields.stream().anyMatch(f -> f.masking() != null);
  }
}
