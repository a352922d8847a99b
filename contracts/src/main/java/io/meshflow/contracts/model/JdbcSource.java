package io.meshflow.contracts.model;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to read a table of an operational database: where it is, who reads it, and what.
 *
 * @param url the JDBC URL, e.g. {@code jdbc:postgresql://db.internal:5432/shop} or {@code
 *     jdbc:mysql://db.internal:3306/shop}; {@code null} for a database on the mesh's own PostgreSQL
 *     server ({@code meshDatabase})
 * @param user the user, or a {@code ${env:NAME}} reference to it; {@code null} on the mesh's own
 *     server, which the domain's worker reads as its own role
 * @param password a {@code ${env:NAME}} reference, resolved where the domain's worker runs; a
 *     password never sits in a declaration, a plan, the catalog or a log
 * @param table the table, {@code "schema"."table"} quoted, or {@code null} with a {@code query}
 * @param query a {@code SELECT} of the source's own, or {@code null} with a {@code table}
 * @param cursor the declared column (its identifier) whose increasing values a run reads from where
 *     the last publish stopped ({@code updated_at}, an increasing id), or {@code null}: every run
 *     reads the whole table
 * @param meshDatabase the database on the mesh's own PostgreSQL server ({@code connection.database}
 *     without a URL), or {@code null}
 * @param seed the SQL file (absolute) the embedded stack creates {@code meshDatabase} with when it
 *     is missing, or {@code null}
 */
public record JdbcSource(
    String url,
    String user,
    String password,
    String table,
    String query,
    String cursor,
    String meshDatabase,
    String seed) {
  /**
   * The lineage namespace a declaration gives a database on the mesh's own server until a run names
   * it by the server's address ({@code postgres://host:port}, as the warehouse's datasets).
   */
  public static final String MESH_SERVER = "postgres://mesh";

  /** A table read whole on every run. */
  public JdbcSource(String url, String user, String password, String table, String query) {
    this(url, user, password, table, query, null, null, null);
  }

  /** A table of a server of its own, read by {@code cursor} (or whole, when it is null). */
  public JdbcSource(
      String url, String user, String password, String table, String query, String cursor) {
    this(url, user, password, table, query, cursor, null, null);
  }

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

  /** The environment variable a {@code ${env:NAME}} value refers to, if it is one. */
  public static Optional<String> variable(String value) {
    if (value == null) return Optional.empty();
    Matcher m = REFERENCE.matcher(value);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Whether the database is on the mesh's own PostgreSQL server, read as the domain's role. */
  public boolean onMeshServer() {
    return url == null;
  }

  /** Whether the source is PostgreSQL, read with {@code COPY}; any other is read with a cursor. */
  public boolean usesPostgres() {
    return url == null || url.startsWith("jdbc:postgresql:");
  }

  /** The same source on the mesh's server whose JDBC URL is {@code serverUrl}. */
  public JdbcSource onServer(String serverUrl) {
    if (!onMeshServer()) return this;
    return new JdbcSource(
        databaseUrl(serverUrl, meshDatabase), null, null, table, query, cursor, meshDatabase, seed);
  }

  /**
   * The PostgreSQL URL {@code serverUrl} with its database replaced by {@code database}: the same
   * server, port and parameters.
   */
  public static String databaseUrl(String serverUrl, String database) {
    return serverUrl.replaceFirst("/[^/?]*(\\?.*)?$", "/" + database + "$1");
  }

  /**
   * OpenLineage's namespace of the database's datasets: {@code <scheme>://host:port} by the naming
   * conventions ({@code postgres://db:5432}, {@code mysql://db:3306}, {@code sqlserver://db:1433});
   * a URL without a host ({@code jdbc:h2:mem:shop}) is named {@code <scheme>:<where>}.
   */
  public String lineageNamespace() {
    if (url == null) return MESH_SERVER;
    String scheme = scheme();
    Optional<URI> uri = hostUri();
    if (uri.isPresent()) {
      int port = uri.get().getPort() >= 0 ? uri.get().getPort() : defaultPort(scheme);
      return scheme + "://" + uri.get().getHost() + (port < 0 ? "" : ":" + port);
    }
    return scheme + ":" + location();
  }

  /** The database's name: the URL's path, or its last part for a URL without a host. */
  public String database() {
    if (meshDatabase != null) return meshDatabase;
    Optional<URI> uri = hostUri();
    if (uri.isPresent()) {
      String path = uri.get().getPath() == null ? "" : uri.get().getPath().replaceFirst("^/", "");
      if (!path.isEmpty()) return path.replaceFirst("[;:].*$", "");
      return scheme().equals("postgres") ? "postgres" : "default";
    }
    String location = location();
    return location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf(':')) + 1);
  }

  /** What the extract reads: the table, or the query as a subquery. */
  public String relation() {
    return table != null ? table : "(" + query + "\n) AS mf_source";
  }

  /** Where, for messages: host and port and database, never the user or password. */
  public String where() {
    if (url == null) return "the mesh's server/" + meshDatabase;
    String namespace = lineageNamespace();
    int at = namespace.indexOf("://");
    return (at < 0 ? namespace : namespace.substring(at + 3)) + "/" + database();
  }

  /** The URL's sub-protocol as OpenLineage names it ({@code postgresql} is {@code postgres}). */
  private String scheme() {
    String rest = url.substring("jdbc:".length());
    String sub = rest.substring(0, Math.max(rest.indexOf(':'), 0)).toLowerCase(Locale.ROOT);
    return switch (sub) {
      case "postgresql", "pgsql" -> "postgres";
      case "mariadb" -> "mysql";
      default -> sub.isEmpty() ? "jdbc" : sub;
    };
  }

  /** The URL after {@code jdbc:} as a URI, when it names a host ({@code scheme://host…}). */
  private Optional<URI> hostUri() {
    String rest = url.substring("jdbc:".length());
    int slashes = rest.indexOf("://");
    if (slashes < 0) return Optional.empty();
    try {
      // properties after ';' (SQL Server, H2) are no part of a URI
      URI uri = URI.create(rest.replaceFirst(";.*$", ""));
      return uri.getHost() == null ? Optional.empty() : Optional.of(uri);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A URL without a host: what follows the sub-protocol, without properties or parameters. */
  private String location() {
    String rest = url.substring("jdbc:".length());
    return rest.substring(rest.indexOf(':') + 1).replaceFirst("[;?].*$", "");
  }

  private static int defaultPort(String scheme) {
    return switch (scheme) {
      case "postgres" -> 5432;
      case "mysql" -> 3306;
      case "sqlserver" -> 1433;
      default -> -1;
    };
  }
}
