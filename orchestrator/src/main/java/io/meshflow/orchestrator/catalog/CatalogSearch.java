package io.meshflow.orchestrator.catalog;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * Full-text search over the products of the catalog: every word of the query must appear in the
 * product's name, domain, description, owner, tags or field names; matches in the name rank first,
 * then the description, then the rest.
 */
public final class CatalogSearch {
  /** One product found, with where the words matched. */
  public record Hit(
      String productId,
      String description,
      String owner,
      String latestVersion,
      List<String> matchedIn) {}

  private final Jdbi jdbi;

  public CatalogSearch(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<Hit> search(String text) {
    List<String> words =
        Arrays.stream(text.toLowerCase(Locale.ROOT).split("\\s+"))
            .filter(w -> !w.isBlank())
            .toList();
    if (words.isEmpty()) return List.of();
    StringBuilder where = new StringBuilder("TRUE");
    for (int i = 0; i < words.size(); i++) where.append(" AND d.doc LIKE :w").append(i);
    String sql =
        """
        WITH d AS (
            SELECT p.product_id, p.description, p.owner, p.latest_version,
                   lower(p.product_id) AS name_text,
                   lower(coalesce(p.description, '')) AS description_text,
                   lower(p.owner || ' ' || p.domain || ' ' || array_to_string(p.tags, ' ')) AS meta_text,
                   lower(coalesce(CAST(jsonb_path_query_array(v.schema_fields, '$[*].name') AS text), '')) AS fields_text
            FROM meshflow.products p
            JOIN meshflow.contract_versions v ON v.product_id = p.product_id AND v.version = p.latest_version),
        docs AS (SELECT d.*, name_text || ' ' || description_text || ' ' || meta_text || ' ' || fields_text AS doc FROM d)
        SELECT * FROM docs d WHERE %s
        ORDER BY (SELECT count(*) FROM unnest(CAST(:words AS text[])) w WHERE d.name_text LIKE '%%' || w || '%%') DESC,
                 (SELECT count(*) FROM unnest(CAST(:words AS text[])) w WHERE d.description_text LIKE '%%' || w || '%%') DESC,
                 d.product_id
        """
            .formatted(where);
    return jdbi.withHandle(
        h -> {
          Query q = h.createQuery(sql).bind("words", words.toArray(new String[0]));
          for (int i = 0; i < words.size(); i++)
            q.bind("w" + i, "%" + words.get(i).replace("%", "\\%").replace("_", "\\_") + "%");
          return q.map(
                  (rs, ctx) -> {
                    List<String> in = new java.util.ArrayList<>();
                    for (String w : words) {
                      if (rs.getString("name_text").contains(w)) in.add("name");
                      else if (rs.getString("description_text").contains(w)) in.add("description");
                      else if (rs.getString("fields_text").contains(w)) in.add("fields");
                      else in.add("owner/domain/tags");
                    }
                    return new Hit(
                        rs.getString("product_id"),
                        rs.getString("description"),
                        rs.getString("owner"),
                        rs.getString("latest_version"),
                        in.stream().distinct().toList());
                  })
              .list();
        });
  }
}
