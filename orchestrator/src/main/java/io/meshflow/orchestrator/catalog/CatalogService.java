package io.meshflow.orchestrator.catalog;

import io.meshflow.contracts.lifecycle.Change;
import io.meshflow.contracts.lifecycle.ContractDiff;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.parse.ContractParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the catalog tells about a product: its page, its versions and what changed between them. */
public final class CatalogService {

  /**
   * A product's page.
   *
   * @param contract the latest registered contract's YAML
   */
  public record ProductPage(
      ProductRow product,
      String contract,
      List<ProductStore.VersionRow> versions,
      List<RunRow> recentRuns,
      List<CheckHistoryRow> checks,
      List<ComplianceRow> compliance) {}

  private final Catalog catalog;

  public CatalogService(Catalog catalog) {
    this.catalog = catalog;
  }

  public Optional<ProductPage> page(String productId) {
    return catalog
        .products()
        .find(productId)
        .map(
            p ->
                new ProductPage(
                    p,
                    catalog
                        .products()
                        .version(productId, p.latestVersion())
                        .map(ProductStore.RegisteredVersion::yaml)
                        .orElse(null),
                    catalog.products().versions(productId),
                    catalog.runs().recent(10, productId),
                    catalog.runs().checkHistory(productId, 20),
                    catalog.products().compliance(productId)));
  }

  /** The classified changes from one registered version to another. */
  public List<Change> diff(String productId, String from, String to) {
    DataProductContract before = parse(productId, from);
    DataProductContract after = parse(productId, to);
    return ContractDiff.compare(before, after);
  }

  private DataProductContract parse(String productId, String version) {
    ProductStore.RegisteredVersion v =
        catalog
            .products()
            .version(productId, version)
            .orElseThrow(
                () -> new IllegalArgumentException("no version " + version + " of " + productId));
    return new ContractParser()
        .parse(
            Path.of(productId + ".yaml"), productId + "@" + version, v.yaml(), f -> v.modelSql());
  }
}
