package io.meshflow.contracts.parse;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SemanticVersion;
import io.meshflow.contracts.model.Sla;
import io.meshflow.contracts.model.TransformSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Cross-checks a model's {@code config(meta={…})} with its contract, the way the guide's model
 * restates it: {@code product}, {@code version}, {@code sla_freshness} and {@code pii_fields} must
 * say what the contract says. A mismatch is a problem at the contract's line that names the model's
 * line. Other {@code meta} keys are the model's own and are kept as they are.
 */
final class ModelMeta {
  private final Problems problems;
  private final TransformSpec transform;
  private final YamlMap metadata;
  private final YamlMap spec;
  private final ProductId id;
  private final SemanticVersion version;
  private final Sla sla;
  private final List<FieldSpec> fields;

  ModelMeta(
      Problems problems,
      TransformSpec transform,
      YamlMap metadata,
      YamlMap spec,
      ProductId id,
      SemanticVersion version,
      Sla sla,
      List<FieldSpec> fields) {
    this.problems = problems;
    this.transform = transform;
    this.metadata = metadata;
    this.spec = spec;
    this.id = id;
    this.version = version;
    this.sla = sla;
    this.fields = fields;
  }

  void check() {
    ModelTemplate.Config config = ModelTemplate.config(transform.sql()).orElse(null);
    if (config == null) return;
    if ("incremental".equals(config.materialized())
        && fields.stream().noneMatch(FieldSpec::primaryKey)) {
      org.yaml.snakeyaml.nodes.Node schema = child(spec.node("schema", false), "fields");
      problems.add(
          schema != null ? "spec.schema.fields" : "spec",
          schema != null ? schema : spec.node(),
          transform.displayPath()
              + " line "
              + config.line()
              + ": materialized='incremental' merges each run's rows into the product by its"
              + " primary key, and the contract declares none (constraints: { primary_key: true })");
    }
    if ("incremental".equals(config.materialized()) && spec.has("partitioning")) {
      problems.add(
          "spec.partitioning",
          spec.node("partitioning", false),
          transform.displayPath()
              + " line "
              + config.line()
              + ": materialized='incremental' and spec.partitioning cannot go together: a"
              + " partitioned product already replaces only the partition a run builds");
    }
    Map<String, Object> meta = config.meta();
    if (meta.containsKey("product") && id != null) {
      Object product = meta.get("product");
      String name = metadata.scalarText("name");
      boolean same =
          product instanceof String p
              && (p.equals(id.name().value()) || p.equals(id.toString()) || p.equals(name));
      if (!same) {
        mismatch(
            config,
            "product",
            "metadata.name",
            metadata.node("name", false),
            "names the product " + show(product) + ", the contract " + id);
      }
    }
    if (meta.containsKey("version") && version != null) {
      Object v = meta.get("version");
      if (!(v instanceof String s) || !s.equals(version.toString())) {
        mismatch(
            config,
            "version",
            "metadata.version",
            metadata.node("version", false),
            "says version " + show(v) + ", the contract " + version);
      }
    }
    if (meta.containsKey("sla_freshness")) {
      Object f = meta.get("sla_freshness");
      Duration declared = sla == null ? null : sla.freshness();
      Duration stated = null;
      if (f instanceof String s) {
        try {
          stated = ContractValues.duration(s);
        } catch (IllegalArgumentException e) {
          stated = null;
        }
      }
      if (stated == null || !stated.equals(declared)) {
        org.yaml.snakeyaml.nodes.Node freshness = child(spec.node("sla", false), "freshness");
        mismatch(
            config,
            "sla_freshness",
            freshness != null ? "spec.sla.freshness" : "spec.sla",
            freshness != null ? freshness : spec.has("sla") ? spec.node("sla", false) : spec.node(),
            "says a freshness of "
                + show(f)
                + ", the contract "
                + (declared == null ? "none" : ContractValues.durationText(declared)));
      }
    }
    if (meta.containsKey("pii_fields")) {
      Object listed = meta.get("pii_fields");
      TreeSet<String> pii = new TreeSet<>();
      fields.stream().filter(FieldSpec::pii).forEach(f -> pii.add(f.name().value()));
      TreeSet<String> stated = new TreeSet<>();
      boolean strings =
          listed instanceof List<?> l && l.stream().allMatch(String.class::isInstance);
      if (strings) ((List<?>) listed).forEach(o -> stated.add((String) o));
      if (!strings || !stated.equals(pii)) {
        mismatch(
            config,
            "pii_fields",
            "spec.schema.fields",
            child(spec.node("schema", false), "fields") != null
                ? child(spec.node("schema", false), "fields")
                : spec.node(),
            "lists the PII fields "
                + (strings ? stated.toString() : show(listed))
                + ", the contract marks "
                + pii
                + " with pii: true");
      }
    }
  }

  private void mismatch(
      ModelTemplate.Config config,
      String key,
      String contractPath,
      org.yaml.snakeyaml.nodes.Node at,
      String what) {
    problems.add(
        contractPath,
        at,
        transform.displayPath()
            + " line "
            + config.lineOf(key)
            + ": config meta."
            + key
            + " "
            + what);
  }

  /** The value of {@code key} in the mapping {@code map}, or null. */
  private static org.yaml.snakeyaml.nodes.Node child(
      org.yaml.snakeyaml.nodes.Node map, String key) {
    if (!(map instanceof org.yaml.snakeyaml.nodes.MappingNode m)) return null;
    for (org.yaml.snakeyaml.nodes.NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode k
          && k.getValue().equals(key)) {
        return t.getValueNode();
      }
    }
    return null;
  }

  private static String show(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
