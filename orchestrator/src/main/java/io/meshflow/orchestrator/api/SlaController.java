package io.meshflow.orchestrator.api;

import io.meshflow.contracts.parse.ContractValues;
import io.meshflow.orchestrator.sla.SlaReport;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Products' SLA: state, compliance over windows and breaches, as {@code meshflow sla} shows. */
@RestController
@RequestMapping("/api/v1")
public class SlaController {
  private final SlaReport report;

  public SlaController(SlaReport slaReport) {
    this.report = slaReport;
  }

  /** Every monitored product, compliance over {@code window} (default 30d). */
  @GetMapping("/sla")
  public List<SlaReport.ProductSla> all(@RequestParam(defaultValue = "30d") String window) {
    return report.all(List.of(ContractValues.duration(window)));
  }

  /** One product, compliance over {@code window} and 7, 30 and 90 days; breaches over window. */
  @GetMapping("/products/{product}/sla")
  public SlaReport.ProductSla product(
      @PathVariable String product, @RequestParam(defaultValue = "30d") String window) {
    return report
        .product(product, SlaReport.detailWindows(ContractValues.duration(window)))
        .orElseThrow(() -> new NotFoundException("SLA monitor of product", product));
  }
}
