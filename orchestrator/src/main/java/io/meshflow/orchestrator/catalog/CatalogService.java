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
      List<ProductDao.VersionRow> versions,
      List<RunRow> recentRuns,
      List<CheckHistoryRow> checks,
      List<ComplianceRow> compliance) {}

  private final ProductDao products;
  private final RunDao runs;

  public CatalogService(ProductDao products, RunDao runs) {
    this.products = products;
    this.runs = runs;
  }

  public Optional<ProductPage> page(String productId) {
    return products
        .find(productId)
        .map(
            p ->
                new ProductPage(
                    p,
                    products
                        .version(productId, p.latestVersion())
                        .map(ProductDao.RegisteredVersion::yaml)
                        .orElse(null),
                    products.versions(productId),
                    runs.recent(10, productId),
                    runs.checkHistory(productId, 20),
                    products.compliance(productId)));
  }

  /** The classified changes from one registered version to another. */
  public List<Change> diff(String productId, String from, String to) {
    DataProductContract before = parse(productId, from);
    DataProductContract after = parse(productId, to);
    return ContractDiff.compare(before, after);
  }

  private DataProductContract parse(String productId, String version) {
    ProductDao.RegisteredVersion v =
        products
            .version(productId, version)
            .orElseThrow(
                () -> new IllegalArgumentException("no version " + version + " of " + productId));
    return ContractParser.forRegistered()
        .parse(
            Path.of(productId + ".yaml"),
            productId + "@" + version,
            v.yaml(),
            ContractParser.registeredModel(v.modelSql()));
  }
}
