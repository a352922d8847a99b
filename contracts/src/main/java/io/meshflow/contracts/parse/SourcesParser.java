package io.meshflow.contracts.parse;

import io.meshflow.contracts.model.Dataset;
import io.meshflow.contracts.model.DeclaredSource;
import io.meshflow.contracts.model.DomainSources;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.JdbcSource;
import io.meshflow.contracts.model.KafkaTopic;
import io.meshflow.contracts.model.SourceColumn;
import io.meshflow.contracts.model.SourceRoots;
import io.meshflow.contracts.model.SourceSpec;
import io.meshflow.contracts.model.SourceType;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.contracts.model.TypeVocabulary;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a domain's {@code sources.yaml} ({@code datamesh.io/v1 Sources}) strictly, the way {@link
 * ContractParser} reads a contract: every problem with its YAML path and line, all at once.
 *
 * <pre>
 * apiVersion: datamesh.io/v1
 * kind: Sources
 * sources:
 *   - name: raw_kafka                # what models write: source('raw_kafka', 'order_events')
 *     namespace: raw.kafka           # its datasets' lineage namespace (default: the name)
 *     tables:
 *       - name: order_events
 *         format: jsonl              # csv or jsonl
 *         path: data/order_events.jsonl
 *         columns:
 *           - { name: order_id, type: string }
 * </pre>
 */
public final class SourcesParser {
  public static final String KIND = "Sources";

  /** An OpenLineage namespace as written here: no spaces, no slashes at either end. */
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:/-]*");

  private final Path meshRoot;
  private final SourceRoots roots;

  /**
   * @param meshRoot the mesh the file belongs to, whose folders (and {@code roots}) its paths must
   *     stay in; {@code null} for a file read on its own
   */
  public SourcesParser(Path meshRoot, SourceRoots roots) {
    this.meshRoot = meshRoot;
    this.roots = roots;
  }

  /** The declarations in {@code text}, the file at {@code file}; problems throw. */
  public DomainSources parse(Path file, String display, String text) {
    Problems problems = new Problems(display);
    Node root = SafeYaml.compose(text, display);
    if (root == null) {
      return new DomainSources(file, display, Map.of());
    }
    YamlMap doc = YamlMap.of(root, "", problems, Set.of("apiVersion", "kind", "sources"));
    doc.requireHeader(KIND);
    Map<String, DeclaredSource> sources = new LinkedHashMap<>();
    for (YamlMap.Item item : doc.list("sources", true)) {
      YamlMap s =
          YamlMap.of(
              item.node(),
              item.path(),
              problems,
              Set.of("name", "type", "namespace", "description", "connection", "tables"));
      SqlIdentifier name = s.parsed("name", true, SqlIdentifier::of);
      String type =
          s.parsed(
              "type",
              false,
              t -> {
                if (!List.of("files", "postgres", "jdbc", "kafka").contains(t)) {
                  throw new IllegalArgumentException(
                      "unknown source type '" + t + "' (expected files, postgres, jdbc or kafka)");
                }
                return t;
              });
      boolean database = "postgres".equals(type) || "jdbc".equals(type);
      boolean kafka = "kafka".equals(type);
      Connection connection = database ? connection(s, file, "jdbc".equals(type), problems) : null;
      String bootstrapServers = kafka ? bootstrapServers(s, problems) : null;
      if (!database && !kafka && s.has("connection")) {
        problems.add(
            s.pathOf("connection"),
            s.node("connection", false),
            "a source of files has no connection (types postgres, jdbc and kafka have one)");
      }
      String namespace = s.string("namespace", false);
      if (namespace != null && !NAMESPACE.matcher(namespace).matches()) {
        problems.add(
            s.pathOf("namespace"),
            s.node("namespace", false),
            "invalid namespace '" + namespace + "' (letters, digits and _ . : / -)");
      }
      String description = s.string("description", false);
      String lineageNamespace =
          namespace != null
              ? namespace
              : connection != null
                  ? connection.lineageNamespace()
                  : bootstrapServers != null
                      ? "kafka://" + bootstrapServers.split(",")[0]
                      : name == null ? "" : name.value();
      Map<String, SourceSpec> tables =
          database
              ? databaseTables(s, connection, namespace, problems)
              : kafka
                  ? topics(s, file, bootstrapServers, namespace, lineageNamespace, problems)
                  : tables(s, file, lineageNamespace, problems);
      if (name != null && sources.containsKey(name.value())) {
        problems.add(
            s.pathOf("name"), s.node("name", false), "source '" + name + "' is declared twice");
      } else if (name != null) {
        sources.put(
            name.value(), new DeclaredSource(name.value(), lineageNamespace, description, tables));
      }
    }
    if (!problems.isEmpty()) {
      throw new ContractException(problems.list());
    }
    return new DomainSources(file, display, sources);
  }

  private Map<String, SourceSpec> tables(
      YamlMap source, Path file, String namespace, Problems problems) {
    Map<String, SourceSpec> tables = new LinkedHashMap<>();
    for (YamlMap.Item item : source.list("tables", true)) {
      YamlMap t =
          YamlMap.of(
              item.node(),
              item.path(),
              problems,
              Set.of("name", "description", "format", "path", "delimiter", "columns"));
      SqlIdentifier name = t.parsed("name", true, SqlIdentifier::of);
      t.string("description", false);
      SourceType format = t.parsed("format", true, f -> SourceType.parse(f, "format"));
      String path = t.string("path", true);
      String delimiter = t.string("delimiter", false);
      if (delimiter != null && (delimiter.length() != 1 || format == SourceType.JSONL)) {
        problems.add(
            t.pathOf("delimiter"),
            t.node("delimiter", false),
            format == SourceType.JSONL
                ? "delimiter applies to csv tables only"
                : "delimiter must be a single character, got '" + delimiter + "'");
        delimiter = null;
      }
      List<SourceColumn> columns = columns(t, problems);
      Path resolved = null;
      if (path != null) {
        resolved = file.toAbsolutePath().getParent().resolve(path).normalize();
        String reason =
            path.indexOf('\0') >= 0
                ? "is not a valid path"
                : Path.of(path).isAbsolute()
                    ? "is absolute; give a path relative to " + DomainSources.FILE_NAME
                    : meshRoot == null ? null : roots.refusal(meshRoot, resolved).orElse(null);
        if (reason != null) {
          problems.add(t.pathOf("path"), t.node("path", false), "'" + path + "' " + reason);
          resolved = null;
        }
      }
      if (name != null && tables.containsKey(name.value())) {
        problems.add(
            t.pathOf("name"), t.node("name", false), "table '" + name + "' is declared twice");
      } else if (name != null && format != null && resolved != null) {
        tables.put(
            name.value(),
            new SourceSpec(
                format,
                resolved,
                delimiter == null ? ',' : delimiter.charAt(0),
                columns,
                new Dataset(namespace, name.value()),
                null,
                null));
      }
    }
    return tables;
  }

  /** {@code host:port} pairs, comma-separated, as Kafka clients take them. */
  private static final Pattern BOOTSTRAP_SERVERS =
      Pattern.compile("[A-Za-z0-9.\\-]+:[0-9]{1,5}(,[A-Za-z0-9.\\-]+:[0-9]{1,5})*");

  /** A topic's name as Kafka allows it. */
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._\\-]{1,249}");

  /** A Kafka source's own cluster ({@code connection.bootstrap_servers}), or null. */
  private static String bootstrapServers(YamlMap source, Problems problems) {
    YamlMap c = source.map("connection", false, Set.of("bootstrap_servers"));
    if (c == null) return null;
    String servers = c.string("bootstrap_servers", true);
    if (servers != null && !BOOTSTRAP_SERVERS.matcher(servers).matches()) {
      problems.add(
          c.pathOf("bootstrap_servers"),
          c.node("bootstrap_servers", false),
          "expected host:port pairs separated by commas, e.g. kafka-1.internal:9092,kafka-2.internal:9092");
      return null;
    }
    return servers;
  }

  /**
   * The topics of a Kafka source: each table is a topic ({@code topic:}, by default the namespace
   * and the table's name, dot-separated) whose JSON values are flattened into its columns.
   */
  private Map<String, SourceSpec> topics(
      YamlMap source,
      Path file,
      String bootstrapServers,
      String namespace,
      String lineageNamespace,
      Problems problems) {
    Map<String, SourceSpec> tables = new LinkedHashMap<>();
    for (YamlMap.Item item : source.list("tables", true)) {
      YamlMap t =
          YamlMap.of(
              item.node(),
              item.path(),
              problems,
              Set.of(
                  "name",
                  "description",
                  "topic",
                  "on_bad_record",
                  "seed",
                  "partitions",
                  "columns"));
      SqlIdentifier name = t.parsed("name", true, SqlIdentifier::of);
      t.string("description", false);
      String topic = t.string("topic", false);
      if (topic == null && name != null) {
        topic = namespace == null ? name.value() : namespace + "." + name.value();
      }
      if (topic != null && (!TOPIC.matcher(topic).matches() || topic.matches("\\.+"))) {
        problems.add(
            t.has("topic") ? t.pathOf("topic") : t.path(),
            t.has("topic") ? t.node("topic", false) : t.node(),
            "invalid topic '" + topic + "' (letters, digits and . _ -, at most 249)");
        topic = null;
      }
      String onBad =
          t.parsed(
              "on_bad_record",
              false,
              v -> {
                if (!v.equals("fail") && !v.equals("skip")) {
                  throw new IllegalArgumentException(
                      "unknown on_bad_record '" + v + "' (expected fail or skip)");
                }
                return v;
              });
      Double declaredPartitions = t.number("partitions");
      Integer partitions = null;
      if (declaredPartitions != null) {
        if (declaredPartitions != Math.rint(declaredPartitions)
            || declaredPartitions < 1
            || declaredPartitions > 1000) {
          problems.add(
              t.pathOf("partitions"),
              t.node("partitions", false),
              "partitions must be a whole number from 1 to 1000, got "
                  + t.scalarText("partitions"));
        } else {
          partitions = declaredPartitions.intValue();
        }
      }
      Path seed = seed(t, file, problems);
      List<SourceColumn> columns = columns(t, problems);
      for (SourceColumn c : columns) {
        if (SourceSpec.KAFKA_COLUMNS.contains(c.name().value())) {
          problems.add(
              t.pathOf("columns"),
              t.node("columns", false),
              c.name() + " is a column every staged record gets; name the column otherwise");
        }
      }
      if (name != null && tables.containsKey(name.value())) {
        problems.add(
            t.pathOf("name"), t.node("name", false), "table '" + name + "' is declared twice");
      } else if (name != null && topic != null) {
        tables.put(
            name.value(),
            new SourceSpec(
                SourceType.KAFKA,
                null,
                ',',
                columns,
                new Dataset(lineageNamespace, name.value()),
                null,
                new KafkaTopic(
                    bootstrapServers,
                    topic,
                    "skip".equals(onBad),
                    seed,
                    partitions == null ? 1 : partitions)));
      }
    }
    return tables;
  }

  /**
   * Where a database source is and who reads it; its password only as a reference. {@code url} is
   * null for a {@code database} on the mesh's own server.
   */
  private record Connection(
      String url, String user, String password, String database, String seed) {
    JdbcSource jdbc(String table, String query, String cursor) {
      return new JdbcSource(url, user, password, table, query, cursor, database, seed);
    }

    String lineageNamespace() {
      return jdbc(null, null, null).lineageNamespace();
    }
  }

  private static final Pattern POSTGRES_URL =
      Pattern.compile(
          "jdbc:postgresql://[A-Za-z0-9.\\-\\[\\]:]+(:[0-9]{1,5})?/[A-Za-z0-9_\\-]+(\\?.*)?");

  private static final Pattern JDBC_URL = Pattern.compile("jdbc:[a-z][a-z0-9]*:\\S+");

  /**
   * The connection of a {@code postgres} source (a PostgreSQL URL, or a {@code database} on the
   * mesh's own server) or of a {@code jdbc} one (any JDBC URL).
   */
  private Connection connection(YamlMap source, Path file, boolean anyDriver, Problems problems) {
    YamlMap c =
        source.map("connection", true, Set.of("url", "user", "password", "database", "seed"));
    if (c == null) return null;
    String database = c.string("database", false);
    if (database != null && !anyDriver) {
      return meshDatabase(c, file, database, problems);
    }
    if (database != null) {
      problems.add(
          c.pathOf("database"),
          c.node("database", false),
          "database: names a database on the mesh's own PostgreSQL server, a source of type"
              + " postgres; a jdbc source names its database in its url");
    }
    String url = c.string("url", true);
    if (url != null && !(anyDriver ? JDBC_URL : POSTGRES_URL).matcher(url).matches()) {
      problems.add(
          c.pathOf("url"),
          c.node("url", false),
          anyDriver
              ? "expected a JDBC URL, e.g. jdbc:mysql://db.internal:3306/shop"
              : "expected a PostgreSQL JDBC URL with host and database, e.g."
                  + " jdbc:postgresql://db.internal:5432/shop");
      url = null;
    }
    if (url != null && url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
      problems.add(
          c.pathOf("url"),
          c.node("url", false),
          "the URL carries a password; give it as password: ${env:NAME}");
      url = null;
    }
    if (c.has("seed")) {
      problems.add(
          c.pathOf("seed"),
          c.node("seed", false),
          "seed: creates a database on the mesh's own server (with database:); a server of its"
              + " own is never written to");
    }
    String user = c.string("user", !anyDriver);
    String password = c.string("password", false);
    if (password != null && JdbcSource.variable(password).isEmpty()) {
      // the value is a secret: never echoed
      problems.add(
          c.pathOf("password"),
          c.node("password", false),
          "a password never sits in YAML: write ${env:NAME} and set NAME where the domain's worker"
              + " runs");
      password = null;
    }
    return url == null || (user == null && !anyDriver)
        ? null
        : new Connection(url, user, password, null, null);
  }

  /**
   * A database on the mesh's own PostgreSQL server, read as the domain's own role; the embedded
   * stack creates it from its {@code seed} when missing.
   */
  private Connection meshDatabase(YamlMap c, Path file, String database, Problems problems) {
    for (String key : List.of("url", "user", "password")) {
      if (c.has(key)) {
        problems.add(
            c.pathOf(key),
            c.node(key, false),
            "a database on the mesh's own server (database:) is read as the domain's own role:"
                + " give database: or url:, not both");
      }
    }
    if (!SqlIdentifier.isValid(database)) {
      problems.add(
          c.pathOf("database"),
          c.node("database", false),
          "invalid database name '" + database + "' (letters, digits and _)");
      return null;
    }
    Path seed = seed(c, file, problems);
    return new Connection(null, null, null, database, seed == null ? null : seed.toString());
  }

  /** A {@code seed:} file, relative to {@code sources.yaml} and inside the mesh; or null. */
  private Path seed(YamlMap map, Path file, Problems problems) {
    String seedPath = map.string("seed", false);
    if (seedPath == null) return null;
    Path seed = file.toAbsolutePath().getParent().resolve(seedPath).normalize();
    String reason =
        seedPath.indexOf('\0') >= 0
            ? "is not a valid path"
            : Path.of(seedPath).isAbsolute()
                ? "is absolute; give a path relative to " + DomainSources.FILE_NAME
                : meshRoot == null ? null : roots.refusal(meshRoot, seed).orElse(null);
    if (reason != null) {
      problems.add(map.pathOf("seed"), map.node("seed", false), "'" + seedPath + "' " + reason);
      return null;
    }
    return seed;
  }

  /** The tables of a database source: each a {@code table} or a {@code query}, its columns. */
  private Map<String, SourceSpec> databaseTables(
      YamlMap source, Connection connection, String namespace, Problems problems) {
    Map<String, SourceSpec> tables = new LinkedHashMap<>();
    for (YamlMap.Item item : source.list("tables", true)) {
      YamlMap t =
          YamlMap.of(
              item.node(),
              item.path(),
              problems,
              Set.of("name", "description", "table", "query", "columns", "cursor"));
      SqlIdentifier name = t.parsed("name", true, SqlIdentifier::of);
      t.string("description", false);
      String table = t.parsed("table", false, SourcesParser::qualifiedTable);
      String query = t.string("query", false);
      if ((table == null) == (query == null) && !t.has("table") && !t.has("query")) {
        problems.add(t.path(), t.node(), "a database table needs table: or query:");
      } else if (t.has("table") && t.has("query")) {
        problems.add(t.pathOf("query"), t.node("query", false), "give table: or query:, not both");
      }
      if (query != null) {
        String problem = io.meshflow.contracts.sql.SourceQuery.problem(query);
        if (problem != null) {
          problems.add(t.pathOf("query"), t.node("query", false), "query " + problem);
          query = null;
        }
      }
      List<SourceColumn> columns = columns(t, problems);
      if (columns.isEmpty() && !t.has("columns")) {
        t.node("columns", true);
      }
      String cursor = t.string("cursor", false);
      if (cursor != null) {
        String wanted = cursor;
        SourceColumn column =
            columns.stream().filter(c -> c.name().value().equals(wanted)).findFirst().orElse(null);
        if (column == null) {
          problems.add(
              t.pathOf("cursor"),
              t.node("cursor", false),
              "cursor '" + cursor + "' is not one of the table's columns");
          cursor = null;
        } else if (column.type() == FieldType.BOOLEAN) {
          problems.add(
              t.pathOf("cursor"),
              t.node("cursor", false),
              "cursor '"
                  + cursor
                  + "' is a boolean; a cursor is a column whose values only grow"
                  + " (a timestamp, an id)");
          cursor = null;
        }
      }
      if (name != null && tables.containsKey(name.value())) {
        problems.add(
            t.pathOf("name"), t.node("name", false), "table '" + name + "' is declared twice");
      } else if (name != null && connection != null && (table != null || query != null)) {
        JdbcSource jdbc = connection.jdbc(table, query, cursor);
        String datasetName =
            jdbc.database()
                + "."
                + (table != null
                    ? table.replace("\"", "")
                    : source.string("name", false) + "." + name);
        tables.put(
            name.value(),
            new SourceSpec(
                SourceType.POSTGRES,
                null,
                ',',
                columns,
                new Dataset(namespace != null ? namespace : jdbc.lineageNamespace(), datasetName),
                jdbc,
                null));
      }
    }
    return tables;
  }

  /** {@code schema.table} or {@code table} (schema public), as quoted identifiers. */
  private static String qualifiedTable(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException("invalid table '" + text + "' (expected schema.table)");
    }
    StringBuilder quoted = new StringBuilder();
    for (String part : parts) {
      if (!SqlIdentifier.isValid(part)) {
        throw new IllegalArgumentException(
            "invalid table '" + text + "' (expected schema.table, lower-case identifiers)");
      }
      if (quoted.length() > 0) quoted.append('.');
      quoted.append('"').append(part).append('"');
    }
    return parts.length == 1 ? "\"public\"." + quoted : quoted.toString();
  }

  private static List<SourceColumn> columns(YamlMap table, Problems problems) {
    List<SourceColumn> columns = new java.util.ArrayList<>();
    Set<SqlIdentifier> seen = new HashSet<>();
    for (YamlMap.Item item : table.list("columns", false)) {
      YamlMap c =
          YamlMap.of(
              item.node(), item.path(), problems, Set.of("name", "type", "from", "description"));
      SqlIdentifier name = c.parsed("name", true, SqlIdentifier::of);
      FieldType type = c.parsed("type", true, TypeVocabulary.MESHFLOW::type);
      c.string("description", false);
      // a source's own name for the column (capitals, spaces…), mapped to the identifier
      String from = c.string("from", false);
      if (from != null && (from.isEmpty() || from.indexOf('\0') >= 0 || from.length() > 1000)) {
        problems.add(c.pathOf("from"), c.node("from", false), "from must be a column's name");
        from = null;
      }
      if (name != null && name.value().equals(SourceSpec.INGESTION_TS)) {
        problems.add(
            c.pathOf("name"),
            c.node("name", false),
            SourceSpec.INGESTION_TS
                + " is the column every staged row gets; name the column otherwise");
      } else if (name != null && !seen.add(name)) {
        problems.add(
            c.pathOf("name"), c.node("name", false), "column '" + name + "' is declared twice");
      } else if (name != null && type != null) {
        columns.add(new SourceColumn(name, type, from));
      }
    }
    return columns;
  }
}
