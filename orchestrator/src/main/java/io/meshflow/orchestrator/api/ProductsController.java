package io.meshflow.orchestrator.api;

import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.catalog.CheckHistoryRow;
import io.meshflow.orchestrator.catalog.ComplianceRow;
import io.meshflow.orchestrator.catalog.ProductDao;
import io.meshflow.orchestrator.catalog.ProductRow;
import io.meshflow.orchestrator.catalog.RunDao;
import io.meshflow.orchestrator.catalog.RunRow;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.publish.RunHandle;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Products in the catalog, and starting their runs. */
@RestController
@RequestMapping("/api/v1/products")
public class ProductsController {
  private final ProductDao products;
  private final RunDao runs;
  private final PublishService publishing;

  public ProductsController(ProductDao products, RunDao runs, PublishService publishing) {
    this.products = products;
    this.runs = runs;
    this.publishing = publishing;
  }

  /** A product with its most recent runs. */
  public record ProductView(
      ProductRow product, List<RunRow> recentRuns, List<ComplianceRow> compliance) {}

  /** A run that was started or joined. */
  public record StartedRun(String product, String workflowId, String runId, boolean joined) {}

  @GetMapping
  public List<ProductRow> list() {
    return products.list();
  }

  @GetMapping("/{product}")
  public ProductView get(@PathVariable String product) {
    ProductRow row =
        products.find(product).orElseThrow(() -> new NotFoundException("product", product));
    return new ProductView(row, runs.recent(10, product), products.compliance(product));
  }

  @GetMapping("/{product}/checks")
  public List<CheckHistoryRow> checks(
      @PathVariable String product, @RequestParam(defaultValue = "20") int runs) {
    if (runs < 1 || runs > 1000)
      throw new IllegalArgumentException("runs must be between 1 and 1000");
    return this.runs.checkHistory(product, runs);
  }

  @PostMapping("/{product}/runs")
  @ResponseStatus(HttpStatus.ACCEPTED)
  public StartedRun publish(
      @PathVariable String product, @RequestParam(required = false) String partition) {
    DataProductContract contract =
        publishing
            .mesh()
            .product(ProductId.parse(product))
            .orElseThrow(() -> new NotFoundException("product", product));
    if (partition != null && contract.partitioning() == null) {
      throw new IllegalArgumentException(
          product + " is not partitioned: a run publishes the whole product; leave out partition");
    }
    RunHandle run = publishing.start(contract, "api", partition);
    if (run.conflict() != null) throw new JoinedConflictException(run.conflict());
    return new StartedRun(run.product(), run.workflowId(), run.runId(), run.joined());
  }
}
