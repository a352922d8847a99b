package io.meshflow.workflows;

import io.temporal.common.SearchAttributeKey;
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

  private MeshflowSearchAttributes() {}
}
