package io.meshflow.orchestrator.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Full-text search over the products of the catalog: every word of the query must appear in the
 * product's name, domain, description, owner, tags or field names; matches in the name rank first,
 * then the description, then the rest.
 */
@RegisterConstructorMapper(SearchDao.Document.class)
public interface SearchDao extends SqlObject {
  /** One product found, with where the words matched. */
  record Hit(
      String productId,
      String description,
      String owner,
      String latestVersion,
      List<String> matchedIn) {}

  /** A product as search reads it: its texts in lower case. */
  record Document(
      String productId,
      String description,
      String owner,
      String latestVersion,
      String nameText,
      String descriptionText,
      String fieldsText) {}

  default List<Hit> search(String text) {
    List<String> words =
        Arrays.stream(text.toLowerCase(Locale.ROOT).split("\\s+"))
            .filter(w -> !w.isBlank())
            .toList();
    if (words.isEmpty()) return List.of();
    // LIKE's own wildcards in a word are searched for literally
    String[] patterns =
        words.stream()
            .map(w -> w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"))
            .toArray(String[]::new);
    List<Hit> hits = new ArrayList<>();
    for (Document d : documents(patterns)) {
      List<String> in = new ArrayList<>();
      for (String w : words) {
        if (d.nameText().contains(w)) in.add("name");
        else if (d.descriptionText().contains(w)) in.add("description");
        else if (d.fieldsText().contains(w)) in.add("fields");
        else in.add("owner/domain/tags");
      }
      hits.add(
          new Hit(
              d.productId(),
              d.description(),
              d.owner(),
              d.latestVersion(),
              in.stream().distinct().toList()));
    }
    return hits;
  }

  /** The products whose text holds every pattern, best matches first. */
  @SqlQuery(
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
      SELECT product_id, description, owner, latest_version, name_text, description_text, fields_text
      FROM docs d
      WHERE (SELECT bool_and(d.doc LIKE '%' || w || '%') FROM unnest(CAST(:words AS text[])) w)
      ORDER BY (SELECT count(*) FROM unnest(CAST(:words AS text[])) w WHERE d.name_text LIKE '%' || w || '%') DESC,
               (SELECT count(*) FROM unnest(CAST(:words AS text[])) w WHERE d.description_text LIKE '%' || w || '%') DESC,
               d.product_id
      """)
  List<Document> documents(@Bind("words") String[] patterns);
}
