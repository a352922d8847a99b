package io.meshflow.orchestrator.lineage;

import io.meshflow.contracts.model.ProductId;
import java.util.List;
import java.util.Map;

/**
 * What the catalog adds to a run's lineage: the product's owner and description, and the schema of
 * each product it reads.
 *
 * @param inputSchemas for each product read, its fields as {@code [name, type]}
 */
public record ProductContext(
    String owner, String description, Map<ProductId, List<String[]>> inputSchemas) {
  public static ProductContext none() {
    return new ProductContext(null, null, Map.of());
  }
}
