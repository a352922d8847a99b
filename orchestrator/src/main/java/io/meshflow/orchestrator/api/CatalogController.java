package io.meshflow.orchestrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.catalog.CatalogService;
import io.meshflow.orchestrator.catalog.SearchDao;
import io.meshflow.orchestrator.lineage.LineageGraph;
import io.meshflow.orchestrator.lineage.LineageStore;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Discovery: search, product pages, version diffs, lineage, impact, and lineage ingestion. */
@RestController
@RequestMapping("/api/v1")
public class CatalogController {
  private final SearchDao search;
  private final CatalogService pages;
  private final LineageGraph lineage;
  private final LineageStore events;

  public CatalogController(
      SearchDao search, CatalogService pages, LineageGraph lineage, LineageStore events) {
    this.search = search;
    this.pages = pages;
    this.lineage = lineage;
    this.events = events;
  }

  /** A classified change between two versions. */
  public record ChangeView(String impact, String path, String description) {}

  @GetMapping("/search")
  public List<SearchDao.Hit> search(@RequestParam("q") String query) {
    return search.search(query);
  }

  @GetMapping("/catalog/products/{product}")
  public CatalogService.ProductPage page(@PathVariable String product) {
    return pages.page(product).orElseThrow(() -> new NotFoundException("product", product));
  }

  @GetMapping("/catalog/products/{product}/diff")
  public List<ChangeView> diff(
      @PathVariable String product, @RequestParam String from, @RequestParam String to) {
    return pages.diff(product, from, to).stream()
        .map(
            c ->
                new ChangeView(
                    c.impact().name().toLowerCase(java.util.Locale.ROOT),
                    c.yamlPath(),
                    c.description()))
        .toList();
  }

  @GetMapping("/lineage/{product}")
  public LineageGraph.Node lineage(
      @PathVariable String product,
      @RequestParam(defaultValue = "upstream") String direction,
      @RequestParam(defaultValue = "3") int depth) {
    if (depth < 1 || depth > 20)
      throw new IllegalArgumentException("depth must be between 1 and 20");
    LineageGraph graph = lineage;
    return switch (direction) {
      case "upstream" -> graph.upstream(ProductId.parse(product), depth);
      case "downstream" -> graph.downstream(ProductId.parse(product), depth);
      default -> throw new IllegalArgumentException("direction must be upstream or downstream");
    };
  }

  @GetMapping("/lineage/{product}/columns/{column}")
  public LineageGraph.ColumnNode columnLineage(
      @PathVariable String product,
      @PathVariable String column,
      @RequestParam(defaultValue = "upstream") String direction,
      @RequestParam(defaultValue = "3") int depth) {
    if (depth < 1 || depth > 20)
      throw new IllegalArgumentException("depth must be between 1 and 20");
    if (!direction.equals("upstream") && !direction.equals("downstream")) {
      throw new IllegalArgumentException("direction must be upstream or downstream");
    }
    return lineage.columns(ProductId.parse(product), column, direction.equals("upstream"), depth);
  }

  @GetMapping("/impact/{product}")
  public LineageGraph.Impact impact(
      @PathVariable String product, @RequestParam(required = false) String field) {
    return lineage.impact(ProductId.parse(product), field);
  }

  /** Accepts an OpenLineage run event from any producer, as Marquez does at the same path. */
  @PostMapping("/lineage")
  @ResponseStatus(HttpStatus.CREATED)
  public void ingest(@RequestBody JsonNode event) {
    events.record(event);
  }
}
