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
    List<String> problems = new java.util.ArrayList<>(QueryRules.problems(rendered, allowed));
    if (problems.isEmpty()) {
      try {
        Qualify.rewrite(rendered);
      } catch (Qualify.RewriteException e) {
        problems.add("line " + qualifyLine(modelSql) + ": " + e.getMessage());
      }
    }
    return problems;
  }

  /** The line of the model's first QUALIFY, where a problem with it is reported. */
  private static int qualifyLine(String modelSql) {
    List<String> lines = modelSql.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).toUpperCase(java.util.Locale.ROOT).contains("QUALIFY")) return i + 1;
    }
    return 1;
  }

  private static String relation(ProductId id) {
    return "mf_ref__" + id.domain().value() + "__" + id.name().value();
  }
}
