package io.meshflow.contracts.parse;

import io.meshflow.contracts.model.Dataset;
import io.meshflow.contracts.model.DeclaredSource;
import io.meshflow.contracts.model.DomainSources;
import io.meshflow.contracts.model.FieldType;
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
    String apiVersion = doc.string("apiVersion", true);
    if (apiVersion != null && !ContractParser.API_VERSION.equals(apiVersion)) {
      problems.add(
          "apiVersion",
          doc.node("apiVersion", false),
          "unsupported apiVersion '"
              + apiVersion
              + "' (expected "
              + ContractParser.API_VERSION
              + ")");
    }
    String kind = doc.string("kind", true);
    if (kind != null && !KIND.equals(kind)) {
      problems.add(
          "kind",
          doc.node("kind", false),
          "unsupported kind '" + kind + "' (expected " + KIND + ")");
    }
    Map<String, DeclaredSource> sources = new LinkedHashMap<>();
    for (YamlMap.Item item : doc.list("sources", true)) {
      YamlMap s =
          YamlMap.of(
              item.node(),
              item.path(),
              problems,
              Set.of("name", "type", "namespace", "description", "tables"));
      SqlIdentifier name = s.parsed("name", true, SqlIdentifier::of);
      s.parsed(
          "type",
          false,
          t -> {
            if (!t.equals("files")) {
              throw new IllegalArgumentException(
                  "unknown source type '" + t + "' (expected files)");
            }
            return t;
          });
      String namespace = s.string("namespace", false);
      if (namespace != null && !NAMESPACE.matcher(namespace).matches()) {
        problems.add(
            s.pathOf("namespace"),
            s.node("namespace", false),
            "invalid namespace '" + namespace + "' (letters, digits and _ . : / -)");
      }
      String description = s.string("description", false);
      String lineageNamespace = namespace != null ? namespace : name == null ? "" : name.value();
      Map<String, SourceSpec> tables = tables(s, file, lineageNamespace, problems);
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
                new Dataset(namespace, name.value())));
      }
    }
    return tables;
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
