package io.meshflow.contracts.model;

import java.util.List;

/** Declared neighbours of a product in the mesh. */
public record Lineage(List<ProductId> upstream, List<ProductId> downstream) {
  public Lineage {
    upstream = List.copyOf(upstream);
    downstream = List.copyOf(downstream);
  }

  public static Lineage none() {
    return new Lineage(List.of(), List.of());
  }
}
