package io.meshflow.contracts.model;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to read a table of an operational database: where it is, who reads it, and what.
 *
 * @param url the JDBC URL, e.g. {@code jdbc:postgresql://db.internal:5432/shop}
 * @param user the user, or a {@code ${env:NAME}} reference to it
 * @param password a {@code ${env:NAME}} reference, resolved where the domain's worker runs; a
 *     password never sits in a declaration, a plan, the catalog or a log
 * @param table the table, {@code "schema"."table"} quoted, or {@code null} with a {@code query}
 * @param query a {@code SELECT} of the source's own, or {@code null} with a {@code table}
 * @param cursor the declared column (its identifier) whose increasing values a run reads from where
 *     the last publish stopped ({@code updated_at}, an increasing id), or {@code null}: every run
 *     reads the whole table
 */
public record JdbcSource(
    String url, String user, String password, String table, String query, String cursor) {
  /** A table read whole on every run. */
  public JdbcSource(String url, String user, String password, String table, String query) {
    this(url, user, password, table, query, null);
  }

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

  /** The environment variable a {@code ${env:NAME}} value refers to, if it is one. */
  public static Optional<String> variable(String value) {
    if (value == null) return Optional.empty();
    Matcher m = REFERENCE.matcher(value);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** {@code postgres://host:port}, OpenLineage's namespace of the database's datasets. */
  public String lineageNamespace() {
    URI uri = URI.create(url.substring("jdbc:".length()));
    return "postgres://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort());
  }

  /** The database's name, as the URL gives it. */
  public String database() {
    URI uri = URI.create(url.substring("jdbc:".length()));
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    return path.isEmpty() ? "postgres" : path;
  }

  /** What the extract reads: the table, or the query as a subquery. */
  public String relation() {
    return table != null ? table : "(" + query + "\n) AS mf_source";
  }

  /** Where, for messages: host and port, never the user or password. */
  public String where() {
    return lineageNamespace().substring("postgres://".length()) + "/" + database();
  }
}
