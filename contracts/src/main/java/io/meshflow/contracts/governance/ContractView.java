package io.meshflow.contracts.governance;

import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.QualityCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A contract as governance expressions see it: the CEL variable {@code contract}, a map of plain
 * values. Absent optional parts are left out, so rules test them with {@code has(...)}.
 */
public final class ContractView {
  private ContractView() {}

  public static Map<String, Object> of(DataProductContract c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.id().toString());
    m.put("domain", c.id().domain().value());
    m.put("product", c.id().name().value());
    m.put("version", c.version().toString());
    m.put("major", (long) c.version().major());
    if (c.description() != null) m.put("description", c.description());
    m.put("tags", c.tags());
    m.put("owner", c.owner());
    if (c.sla() != null) {
      Map<String, Object> sla = new LinkedHashMap<>();
      if (c.sla().freshness() != null)
        sla.put("freshness_seconds", c.sla().freshness().getSeconds());
      if (c.sla().availabilityPercent() > 0) sla.put("availability", c.sla().availabilityPercent());
      m.put("sla", sla);
    }
    if (c.source() != null) m.put("source", Map.of("type", c.source().type().contractName()));
    if (c.partitioning() != null) {
      m.put(
          "partitioning",
          Map.of(
              "column",
              c.partitioning().column().value(),
              "granularity",
              c.partitioning().granularity().name().toLowerCase(Locale.ROOT)));
    }
    if (c.schedule() != null)
      m.put(
          "schedule",
          c.schedule().byCron()
              ? Map.of("cron", c.schedule().cron(), "timezone", c.schedule().timezone())
              : Map.of("on", "freshness"));
    m.put("trigger", c.trigger().contractName());
    m.put("fields", c.fields().stream().map(ContractView::field).toList());
    m.put("checks", c.checks().stream().map(ContractView::check).toList());
    m.put("upstream", c.lineage().upstream().stream().map(Object::toString).toList());
    m.put("downstream", c.lineage().downstream().stream().map(Object::toString).toList());
    m.put("external_upstream", c.lineage().external().stream().map(Object::toString).toList());
    m.put("roles", c.access().roles());
    m.put("policies", c.access().policies());
    return m;
  }

  static Map<String, Object> field(FieldSpec f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", f.name().value());
    m.put("type", f.type().contractName());
    m.put("primary_key", f.primaryKey());
    m.put("nullable", f.nullable());
    m.put("pii", f.pii());
    m.put("tags", f.tags());
    if (f.masking() != null) m.put("masking", f.masking().contractName());
    if (f.description() != null) m.put("description", f.description());
    return m;
  }

  static Map<String, Object> check(QualityCheck q) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", q.name());
    m.put("assertion", q.expectation().contractName());
    if (q.column() != null) m.put("column", q.column().value());
    m.put("columns", q.columns().stream().map(Object::toString).toList());
    m.put("threshold", q.threshold());
    m.put("severity", q.severity().name().toLowerCase(Locale.ROOT));
    return m;
  }

  /** The elements a {@code for_each} rule runs over, with the YAML path of each. */
  static List<Map<String, Object>> elements(DataProductContract c, String forEach) {
    return switch (forEach) {
      case "fields" -> c.fields().stream().map(ContractView::field).toList();
      case "checks" -> c.checks().stream().map(ContractView::check).toList();
      default -> throw new IllegalArgumentException(forEach);
    };
  }

  static String elementPath(String forEach, int index) {
    return (forEach.equals("fields") ? "spec.schema.fields" : "spec.quality.checks")
        + "["
        + index
        + "]";
  }
}
