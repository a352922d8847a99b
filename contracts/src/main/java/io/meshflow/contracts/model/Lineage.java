package io.meshflow.contracts.model;

import java.util.List;

/**
 * Declared neighbours of a product: the products of the mesh it reads and that read it, and the
 * datasets outside the mesh it reads (e.g. {@code raw.kafka.order_events}).
 */
public record Lineage(
    List<ProductId> upstream, List<ProductId> downstream, List<Dataset> external) {
  public Lineage {
    upstream = List.copyOf(upstream);
    downstream = List.copyOf(downstream);
    external = external == null ? List.of() : List.copyOf(external);
  }

  /** Lineage within the mesh only. */
  public Lineage(List<ProductId> upstream, List<ProductId> downstream) {
    this(upstream, downstream, List.of());
  }

  public static Lineage none() {
    return new Lineage(List.of(), List.of());
  }
}
