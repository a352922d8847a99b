package io.meshflow.contracts.lifecycle;

import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.contracts.model.ProductId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Who consumes a product, as the mesh's contracts say: readers through ref, declared lineage. */
public final class Consumers {
  private Consumers() {}

  /**
   * Each consumer with how it is known, e.g. {@code billing.daily_revenue (reads it through ref)}.
   */
  public static List<String> of(
      ProductId product, DataProductContract current, Collection<DataProductContract> mesh) {
    Map<String, String> found = new LinkedHashMap<>();
    for (DataProductContract c : mesh) {
      if (ModelTemplate.refs(c.transform().sql()).contains(product)) {
        found.putIfAbsent(c.id().toString(), "reads it through ref");
      } else if (c.lineage().upstream().contains(product)) {
        found.putIfAbsent(c.id().toString(), "declares it upstream");
      }
    }
    if (current != null) {
      for (ProductId down : current.lineage().downstream()) {
        found.putIfAbsent(down.toString(), "declared downstream");
      }
    }
    return found.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
  }
}
