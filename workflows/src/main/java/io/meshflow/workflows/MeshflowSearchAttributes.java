package io.meshflow.workflows;

import io.meshflow.contracts.model.ProductId;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import java.util.List;

/**
 * Custom search attributes every Meshflow run carries, so runs can be filtered in the Temporal UI.
 * They are registered with the Temporal server when Meshflow starts.
 */
public final class MeshflowSearchAttributes {
  public static final SearchAttributeKey<String> DOMAIN =
      SearchAttributeKey.forKeyword("MeshflowDomain");
  public static final SearchAttributeKey<String> PRODUCT =
      SearchAttributeKey.forKeyword("MeshflowProduct");
  public static final SearchAttributeKey<String> VERSION =
      SearchAttributeKey.forKeyword("MeshflowVersion");
  public static final SearchAttributeKey<String> TRIGGER =
      SearchAttributeKey.forKeyword("MeshflowTrigger");
  public static final SearchAttributeKey<String> STEP =
      SearchAttributeKey.forKeyword("MeshflowStep");

  public static final List<SearchAttributeKey<String>> ALL =
      List.of(DOMAIN, PRODUCT, VERSION, TRIGGER, STEP);

  /** The attributes a publish run starts with; its step is set as it goes. */
  public static SearchAttributes ofRun(ProductId product, String version, String trigger) {
    return SearchAttributes.newBuilder()
        .set(DOMAIN, product.domain().value())
        .set(PRODUCT, product.toString())
        .set(VERSION, version)
        .set(TRIGGER, trigger)
        .set(STEP, "queued")
        .build();
  }

  private MeshflowSearchAttributes() {}
}
