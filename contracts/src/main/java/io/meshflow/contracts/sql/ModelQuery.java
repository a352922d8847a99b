package io.meshflow.contracts.sql;

import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.contracts.model.Partitioning;
import io.meshflow.contracts.model.ProductId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A SQL model judged by {@link QueryRules}, its placeholders standing for relations of its own. */
public final class ModelQuery {
  private static final String SOURCE = "mf_source";
  private static final PartitionWindow ANY_WINDOW =
      PartitionWindow.of(Partitioning.Granularity.DAY, "2000-01-01");

  private ModelQuery() {}

  /** Every rule the model (with well-formed placeholders) breaks, as {@code "line N: …"}. */
  public static List<String> problems(String modelSql) {
    Set<String> allowed = new HashSet<>();
    allowed.add(SOURCE);
    String rendered =
        ModelTemplate.render(
            modelSql,
            SOURCE,
            id -> {
              String name = relation(id);
              allowed.add(name);
              return name;
            },
            ANY_WINDOW);
    return QueryRules.problems(rendered, allowed);
  }

  private static String relation(ProductId id) {
    return "mf_ref__" + id.domain().value() + "__" + id.name().value();
  }
}
