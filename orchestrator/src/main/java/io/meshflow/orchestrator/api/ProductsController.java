package io.meshflow.orchestrator.api;

import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.catalog.CheckHistoryRow;
import io.meshflow.orchestrator.catalog.ComplianceRow;
import io.meshflow.orchestrator.catalog.ProductRow;
import io.meshflow.orchestrator.catalog.RunRow;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.publish.RunHandle;
import io.meshflow.orchestrator.stack.StackHolder;
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
  private final StackHolder holder;

  public ProductsController(StackHolder holder) {
    this.holder = holder;
  }

  /** A product with its most recent runs. */
  public record ProductView(
      ProductRow product, List<RunRow> recentRuns, List<ComplianceRow> compliance) {}

  /** A run that was started or joined. */
  public record StartedRun(String product, String workflowId, String runId, boolean joined) {}

  @GetMapping
  public List<ProductRow> list() {
    return holder.stack().catalog().products().list();
  }

  @GetMapping("/{product}")
  public ProductView get(@PathVariable String product) {
    ProductRow row =
        holder
            .stack()
            .catalog()
            .products()
            .find(product)
            .orElseThrow(() -> new NotFoundException("product", product));
    return new ProductView(
        row,
        holder.stack().catalog().runs().recent(10, product),
        holder.stack().catalog().products().compliance(product));
  }

  @GetMapping("/{product}/checks")
  public List<CheckHistoryRow> checks(
      @PathVariable String product, @RequestParam(defaultValue = "20") int runs) {
    if (runs < 1 || runs > 1000)
      throw new IllegalArgumentException("runs must be between 1 and 1000");
    return holder.stack().catalog().runs().checkHistory(product, runs);
  }

  @PostMapping("/{product}/runs")
  @ResponseStatus(HttpStatus.ACCEPTED)
  public StartedRun publish(
      @PathVariable String product, @RequestParam(required = false) String partition) {
    DataProductContract contract =
        holder
            .mesh()
            .product(ProductId.parse(product))
            .orElseThrow(() -> new NotFoundException("product", product));
    if (partition != null && contract.partitioning() == null) {
      throw new IllegalArgumentException(
          product + " is not partitioned: a run publishes the whole product; leave out partition");
    }
    RunHandle run =
        new PublishService(holder.stack(), holder.policies(), holder.mesh())
            .start(contract, "api", partition);
    if (run.conflict() != null) throw new JoinedConflictException(run.conflict());
    return new StartedRun(run.product(), run.workflowId(), run.runId(), run.joined());
  }
}
