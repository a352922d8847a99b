package io.meshflow.orchestrator.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.catalog.ProductDao;
import io.meshflow.orchestrator.catalog.ProductRow;
import io.meshflow.orchestrator.lineage.LineageEventFactory;
import io.meshflow.orchestrator.lineage.LineageStore;
import io.meshflow.orchestrator.lineage.ProductContext;
import io.meshflow.workflows.activities.LineageActivities;
import io.meshflow.workflows.activities.LineageRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds each OpenLineage event and records it in the catalog. */
public class LineageActivitiesImpl implements LineageActivities {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LineageEventFactory events;
  private final LineageStore store;
  private final ProductDao products;

  public LineageActivitiesImpl(
      LineageEventFactory events, LineageStore store, ProductDao products) {
    this.events = events;
    this.store = store;
    this.products = products;
  }

  @Override
  public void emitLineage(LineageRequest request) {
    store.record(events.event(request, context(request)));
  }

  /** The owner and description from the catalog, and the registered schema of each product read. */
  private ProductContext context(LineageRequest request) {
    ProductId product = request.plan().product();
    Optional<ProductRow> row = products.find(product.toString());
    Map<ProductId, List<String[]>> schemas = new LinkedHashMap<>();
    for (ProductId ref : ModelTemplate.refs(request.plan().modelSql())) {
      products
          .find(ref.toString())
          .flatMap(p -> products.version(ref.toString(), p.latestVersion()))
          .ifPresent(v -> schemas.put(ref, fields(v.schemaFields())));
    }
    return new ProductContext(
        row.map(ProductRow::owner).orElse(null),
        row.map(ProductRow::description).orElse(null),
        schemas);
  }

  private static List<String[]> fields(String json) {
    List<String[]> out = new ArrayList<>();
    try {
      for (JsonNode f : JSON.readTree(json))
        out.add(new String[] {f.get("name").asText(), f.get("type").asText()});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
