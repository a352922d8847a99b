package io.meshflow.orchestrator.lineage;

import io.meshflow.contracts.model.ProductId;
import java.net.URI;
import java.util.Optional;

/**
 * OpenLineage's naming of the warehouse's datasets: namespace {@code postgres://host:port}, name
 * {@code database.schema.table}; a product {@code d.p} is the table {@code "d"."p"}.
 */
public final class DatasetNaming {
  private final String namespace;
  private final String database;

  /**
   * @param jdbcUrl e.g. {@code jdbc:postgresql://localhost:5432/postgres}
   */
  public DatasetNaming(String jdbcUrl) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    this.namespace =
        "postgres://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort());
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    this.database = path.isEmpty() ? "postgres" : path;
  }

  public String namespace() {
    return namespace;
  }

  public String name(ProductId product) {
    return database + "." + product.domain().value() + "." + product.name().value();
  }

  /** The product a warehouse dataset is, if it is one. */
  public Optional<ProductId> product(String datasetNamespace, String datasetName) {
    if (!namespace.equals(datasetNamespace) || !datasetName.startsWith(database + "."))
      return Optional.empty();
    try {
      return Optional.of(ProductId.parse(datasetName.substring(database.length() + 1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
