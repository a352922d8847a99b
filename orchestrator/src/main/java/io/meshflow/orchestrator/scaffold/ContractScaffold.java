package io.meshflow.orchestrator.scaffold;

import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.workers.sql.ProductTableDdl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The contract and SQL model {@code meshflow new} writes for an inferred sample: the fields with
 * their types, nullability, key and PII masking; the suggested checks; a model that reads the
 * source and casts each column to its type.
 */
public final class ContractScaffold {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_./@-]*");
  private static final Set<String> YAML_WORDS =
      Set.of("true", "false", "yes", "no", "on", "off", "null", "y", "n", "~");

  /** PostgreSQL's reserved words, which a model must quote to use as column names. */
  private static final Set<String> RESERVED =
      Set.of(
          "all",
          "analyse",
          "analyze",
          "and",
          "any",
          "array",
          "as",
          "asc",
          "asymmetric",
          "both",
          "case",
          "cast",
          "check",
          "collate",
          "column",
          "constraint",
          "create",
          "current_catalog",
          "current_date",
          "current_role",
          "current_time",
          "current_timestamp",
          "current_user",
          "default",
          "deferrable",
          "desc",
          "distinct",
          "do",
          "else",
          "end",
          "except",
          "false",
          "fetch",
          "for",
          "foreign",
          "from",
          "grant",
          "group",
          "having",
          "in",
          "initially",
          "intersect",
          "into",
          "lateral",
          "leading",
          "limit",
          "localtime",
          "localtimestamp",
          "not",
          "null",
          "offset",
          "on",
          "only",
          "or",
          "order",
          "placing",
          "primary",
          "references",
          "returning",
          "select",
          "session_user",
          "some",
          "symmetric",
          "table",
          "then",
          "to",
          "trailing",
          "true",
          "union",
          "unique",
          "user",
          "using",
          "variadic",
          "when",
          "where",
          "window",
          "with");

  /**
   * What to write.
   *
   * @param sourcePath the data file, relative to the contract
   * @param modelPath the model, relative to the contract
   * @param origin the file the sample came from, as the user named it
   * @param roles the consumer roles to grant (the organisation's first known role, if it has any)
   * @param policies the access policies to name (the one that governs PII, for a product with PII)
   */
  public record Request(
      ProductId product,
      String owner,
      String format,
      String sourcePath,
      String modelPath,
      String origin,
      boolean wholeFile,
      List<String> roles,
      List<String> policies) {
    public Request withPolicies(List<String> names) {
      return new Request(
          product, owner, format, sourcePath, modelPath, origin, wholeFile, roles, names);
    }
  }

  private ContractScaffold() {}

  /** The contract's YAML. */
  public static String contract(Request r, SchemaInference.Result schema) {
    StringBuilder y = new StringBuilder();
    y.append("# Scaffolded by `meshflow new` from ")
        .append(r.origin())
        .append(" (")
        .append(schema.rows())
        .append(schema.rows() == 1 ? " row" : " rows")
        .append(r.wholeFile() ? ", the whole file" : " sampled")
        .append(").\n# Types, key, PII and checks are inferred from that sample: review them.\n");
    y.append("apiVersion: datamesh.io/v1\nkind: DataProduct\nmetadata:\n");
    y.append("  name: ").append(r.product()).append('\n');
    y.append("  domain: ").append(r.product().domain()).append('\n');
    y.append("  version: 1.0.0\n");
    y.append("  description: ")
        .append(
            scalar(
                "The rows of " + fileName(r.sourcePath()) + ", typed (say what a consumer gets)"))
        .append('\n');
    y.append("spec:\n");
    y.append("  owner: ").append(scalar(r.owner())).append('\n');
    y.append("  sla: { freshness: 1d, availability: 99% }\n");
    y.append("  source: { type: ")
        .append(r.format())
        .append(", path: ")
        .append(scalar(r.sourcePath()))
        .append(" }\n");
    y.append("  transform: { sql: ").append(scalar(r.modelPath())).append(" }\n");
    y.append("  schema:\n    fields:\n");
    for (SchemaInference.Field f : schema.fields()) {
      y.append("      - { name: ")
          .append(f.name())
          .append(", type: ")
          .append(f.type().contractName());
      List<String> constraints = new ArrayList<>();
      if (f.name().equals(schema.key())) constraints.add("primary_key: true");
      // a redacted value is published as NULL
      else if (!f.nullable() && !(f.pii() && f.type() != FieldType.STRING)) {
        constraints.add("\"null\": false");
      }
      if (f.pii()) {
        constraints.add("pii: true");
        constraints.add(f.type() == FieldType.STRING ? "masking: hash" : "masking: redact");
      }
      if (!constraints.isEmpty()) {
        y.append(", constraints: { ").append(String.join(", ", constraints)).append(" }");
      }
      y.append(" }");
      if (!f.notes().isEmpty()) y.append("  # ").append(String.join("; ", f.notes()));
      y.append('\n');
    }
    y.append("  quality:\n    checks:\n");
    for (String check : checks(schema)) y.append("      - ").append(check).append('\n');
    List<String> access = new ArrayList<>();
    if (!r.roles().isEmpty()) {
      access.add(
          "roles: ["
              + String.join(", ", r.roles().stream().map(ContractScaffold::scalar).toList())
              + "]");
    }
    if (!r.policies().isEmpty()) {
      access.add(
          "policies: ["
              + String.join(", ", r.policies().stream().map(ContractScaffold::scalar).toList())
              + "]");
    }
    if (!access.isEmpty()) {
      y.append("  access: { ")
          .append(String.join(", ", access))
          .append(" }  # who reads it, how\n");
    }
    return y.toString();
  }

  /** The suggested checks, as flow mappings. */
  static List<String> checks(SchemaInference.Result schema) {
    List<String> checks = new ArrayList<>();
    checks.add("{ assertion: expect_table_row_count_to_be_between, min_value: 1 }");
    for (SchemaInference.Field f : schema.fields()) {
      if (f.name().equals(schema.key())) {
        checks.add("{ column: " + f.name() + ", assertion: expect_column_values_to_not_be_null }");
        checks.add("{ column: " + f.name() + ", assertion: expect_column_values_to_be_unique }");
      } else if (f.type().isNumeric() && f.min() != null) {
        checks.add(
            "{ column: "
                + f.name()
                + ", assertion: expect_column_values_to_be_between, min_value: "
                + f.min()
                + ", max_value: "
                + f.max()
                + " }  # the range seen in the sample");
      } else if (!f.values().isEmpty()) {
        checks.add(
            "{ column: "
                + f.name()
                + ", assertion: expect_column_values_to_be_in_set, value_set: ["
                + String.join(", ", f.values().stream().map(ContractScaffold::scalar).toList())
                + "] }");
      }
    }
    if (schema.freshnessColumn() != null) {
      checks.add(
          "{ name: "
              + schema.freshnessColumn()
              + "_is_recent, column: "
              + schema.freshnessColumn()
              + ", assertion: freshness, max_age: 1d, severity: warn }");
    }
    return checks;
  }

  /** The SQL model: the source's columns cast to the contract's types. */
  public static String model(Request r, SchemaInference.Result schema) {
    StringBuilder sql = new StringBuilder();
    sql.append("-- ")
        .append(r.product())
        .append(": the rows of ")
        .append(fileName(r.sourcePath()))
        .append(", each column cast to its contract type (scaffolded by `meshflow new`).\n");
    if (r.format().equals("jsonl")) {
      sql.append("-- A JSONL source stages each line as one jsonb column, doc.\n");
    }
    sql.append("SELECT\n");
    List<SchemaInference.Field> fields = schema.fields();
    for (int i = 0; i < fields.size(); i++) {
      SchemaInference.Field f = fields.get(i);
      String read =
          r.format().equals("jsonl")
              ? "doc->>'" + f.sourceName().replace("'", "''") + "'"
              : column(f.name());
      // text is what the source stages; every other type is cast to the one the table stores
      String expression =
          f.type() == FieldType.STRING
              ? read
              : "CAST(" + read + " AS " + ProductTableDdl.sqlType(f.type()) + ")";
      sql.append("    ").append(expression);
      if (!expression.equals(column(f.name()))) sql.append(" AS ").append(column(f.name()));
      sql.append(i < fields.size() - 1 ? ",\n" : "\n");
    }
    sql.append("FROM {{ source() }}\n");
    return sql.toString();
  }

  private static String column(String name) {
    return RESERVED.contains(name) ? "\"" + name + "\"" : name;
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** {@code text} as a YAML scalar: plain when that reads back as the same string, else quoted. */
  static String scalar(String text) {
    if (PLAIN.matcher(text).matches() && !YAML_WORDS.contains(text.toLowerCase(Locale.ROOT))) {
      return text;
    }
    StringBuilder q = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        default -> {
          if (c < 0x20) q.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          else q.append(c);
        }
      }
    }
    return q.append('"').toString();
  }
}
