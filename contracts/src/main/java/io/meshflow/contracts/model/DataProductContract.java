package io.meshflow.contracts.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed and validated {@code datamesh.io/v1 DataProduct} contract. Immutable; built only by the
 * parser, so every instance is known to be valid on its own.
 *
 * @param file the contract file it was read from
 * @param source the raw input, or {@code null} when the model only reads other products
 * @param partitioning time partitioning, or {@code null}
 * @param schedule cron schedule, or {@code null}
 * @param trigger whether an upstream product's publish also runs this one
 * @param evidenceRows how many example failing rows to keep per failed check
 * @param text the contract file's text, as registered in the catalog
 * @param lines the line of each YAML path in the file, e.g. {@code spec.sla → 14}
 * @param exactSchema the model must return exactly the fields ({@code spec.schema.enforced:
 *     exact}); otherwise it returns at least them, and its other columns are not published
 */
public record DataProductContract(
    Path file,
    ProductId id,
    SemanticVersion version,
    String description,
    List<String> tags,
    String owner,
    Sla sla,
    SourceSpec source,
    TransformSpec transform,
    Partitioning partitioning,
    Schedule schedule,
    RunTrigger trigger,
    List<FieldSpec> fields,
    List<QualityCheck> checks,
    int evidenceRows,
    Lineage lineage,
    Access access,
    PublishGuards guards,
    String text,
    Map<String, Integer> lines,
    boolean exactSchema) {

  public DataProductContract {
    tags = List.copyOf(tags);
    fields = List.copyOf(fields);
    checks = List.copyOf(checks);
    lines = lines == null ? Map.of() : Map.copyOf(lines);
    guards = guards == null ? PublishGuards.defaults() : guards;
  }

  /** The line of {@code yamlPath}, or of its nearest ancestor present in the file, or 0. */
  public int lineOf(String yamlPath) {
    String path = yamlPath;
    while (true) {
      Integer line = lines.get(path);
      if (line != null) return line;
      if (path.isEmpty()) return 0;
      int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      path = cut < 0 ? "" : path.substring(0, cut);
    }
  }

  public Optional<FieldSpec> field(SqlIdentifier name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /**
   * The field holding each row's event time, whose newest published value is the product's data
   * time: {@code sla.freshness_column}, else the partition column; {@code null} when neither.
   */
  public SqlIdentifier eventTimeColumn() {
    if (sla != null && sla.freshnessColumn() != null) return sla.freshnessColumn();
    return partitioning == null ? null : partitioning.column();
  }

  /** Every product this one reads: the {@code ref}s of its model and its declared upstream. */
  public Set<ProductId> upstreamProducts() {
    Set<ProductId> all = new TreeSet<>(java.util.Comparator.comparing(ProductId::toString));
    all.addAll(ModelTemplate.refs(transform.sql()));
    all.addAll(lineage.upstream());
    return all;
  }
}
