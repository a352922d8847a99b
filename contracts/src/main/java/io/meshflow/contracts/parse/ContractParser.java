package io.meshflow.contracts.parse;

import io.meshflow.contracts.model.Access;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.Lineage;
import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.contracts.model.Partitioning;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.PublishGuards;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.contracts.model.RunTrigger;
import io.meshflow.contracts.model.Schedule;
import io.meshflow.contracts.model.SemanticVersion;
import io.meshflow.contracts.model.Sla;
import io.meshflow.contracts.model.SourceRoots;
import io.meshflow.contracts.model.SourceSpec;
import io.meshflow.contracts.model.SourceType;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.contracts.model.TransformSpec;
import io.meshflow.contracts.sql.ModelQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads one {@code datamesh.io/v1 DataProduct} contract strictly. The YAML is only composed into a
 * node tree (no object construction, so no tags can instantiate anything), then walked with every
 * problem collected: the parser either returns a valid contract or throws a {@link
 * ContractException} listing all problems of the file, each with its YAML path and line.
 */
public final class ContractParser {
  public static final String API_VERSION = "datamesh.io/v1";
  public static final String KIND = "DataProduct";

  /** Example failing rows kept per failed check unless {@code spec.quality.evidence_rows} says. */
  public static final int DEFAULT_EVIDENCE_ROWS = 20;

  private final Path meshRoot;
  private final SourceRoots roots;

  /** A parser that reads the files a contract names wherever they are (a single contract). */
  public ContractParser() {
    this(null, SourceRoots.meshOnly());
  }

  /**
   * A parser for contracts of the mesh in {@code meshRoot}: a file a contract names (its source,
   * its SQL model) must lie inside that folder or one of {@code roots}, or it is a problem of the
   * contract, and is never opened.
   */
  public ContractParser(Path meshRoot, SourceRoots roots) {
    this.meshRoot = meshRoot;
    this.roots = roots;
  }

  /** Parses the contract at {@code file}; {@code displayName} is how problems name the file. */
  public DataProductContract parse(Path file, String displayName) {
    String text;
    try {
      text = Utf8Text.decode(Files.readAllBytes(file));
    } catch (Utf8Text.MalformedException e) {
      throw new ContractException(
          List.of(new ContractProblem(displayName, "", e.line(), "the file " + e.getMessage())));
    } catch (IOException e) {
      throw new ContractException(
          List.of(
              new ContractProblem(
                  displayName, "", 0, "cannot read file: " + e.getClass().getSimpleName())));
    }
    return parse(file, displayName, text);
  }

  public DataProductContract parse(Path file, String displayName, String text) {
    return parse(file, displayName, text, ContractParser::readFile);
  }

  /** Reads a file the contract refers to (its SQL model). */
  @FunctionalInterface
  public interface FileReader {
    String read(Path file) throws IOException;
  }

  private static String readFile(Path file) throws IOException {
    try {
      return Utf8Text.decode(Files.readAllBytes(file));
    } catch (Utf8Text.MalformedException e) {
      throw new IOException("the file " + e.getMessage(), e);
    }
  }

  /**
   * Parses {@code text} as the contract at {@code file}, reading the files it refers to with {@code
   * files} (e.g. from a git revision instead of the working tree).
   */
  public DataProductContract parse(Path file, String displayName, String text, FileReader files) {
    Problems problems = new Problems(displayName);
    Node root = SafeYaml.compose(text, displayName);
    if (root == null) {
      throw new ContractException(
          List.of(new ContractProblem(displayName, "", 0, "the file is empty")));
    }
    DataProductContract contract = new Reader(file, problems, text, files).read(root);
    if (!problems.isEmpty()) {
      throw new ContractException(problems.list());
    }
    return contract;
  }

  /** One pass over one document; holds the file's problems. */
  private final class Reader {
    private final Path file;
    private final Problems problems;
    private final String text;
    private final FileReader files;

    Reader(Path file, Problems problems, String text, FileReader files) {
      this.files = files;
      this.file = file;
      this.problems = problems;
      this.text = text;
    }

    DataProductContract read(Node root) {
      YamlMap doc =
          YamlMap.of(root, "", problems, Set.of("apiVersion", "kind", "metadata", "spec"));
      String apiVersion = doc.string("apiVersion", true);
      if (apiVersion != null && !API_VERSION.equals(apiVersion)) {
        problems.add(
            "apiVersion",
            doc.node("apiVersion", false),
            "unsupported apiVersion '" + apiVersion + "' (expected " + API_VERSION + ")");
      }
      String kind = doc.string("kind", true);
      if (kind != null && !KIND.equals(kind)) {
        problems.add(
            "kind",
            doc.node("kind", false),
            "unsupported kind '" + kind + "' (expected " + KIND + ")");
      }

      YamlMap metadata =
          doc.map("metadata", true, Set.of("name", "domain", "version", "description", "tags"));
      ProductId id = null;
      SemanticVersion version = null;
      String description = null;
      List<String> tags = List.of();
      if (metadata != null) {
        // a name in the organisation's namespace names a product of the declared domain, which is
        // read (and its problems reported) after the name
        SqlIdentifier declared =
            metadata.node("domain", false) instanceof ScalarNode d
                ? identifier(d.getValue())
                : null;
        id = metadata.parsed("name", true, name -> productId(name, declared));
        SqlIdentifier domain = metadata.parsed("domain", true, SqlIdentifier::of);
        if (id != null && domain != null && !id.domain().equals(domain)) {
          problems.add(
              metadata.pathOf("domain"),
              metadata.node("domain", false),
              "domain '" + domain + "' does not match the product name '" + id + "'");
        }
        version = metadata.parsed("version", true, SemanticVersion::parse);
        description = metadata.string("description", false);
        tags = metadata.strings("tags");
      }

      YamlMap spec =
          doc.map(
              "spec",
              true,
              Set.of(
                  "owner",
                  "sla",
                  "source",
                  "transform",
                  "partitioning",
                  "schedule",
                  "trigger",
                  "schema",
                  "quality",
                  "lineage",
                  "access",
                  "publish"));
      if (spec == null) {
        return null;
      }
      String owner = spec.string("owner", true);
      Sla sla = sla(spec);
      SourceSpec source = source(spec);
      TransformSpec transform = transform(spec, source);
      List<FieldSpec> fields = new FieldReader(problems).fields(spec);
      Partitioning partitioning = partitioning(spec, fields);
      Schedule schedule = schedule(spec);
      RunTrigger trigger = spec.parsed("trigger", false, RunTrigger::parse);
      YamlMap quality = spec.map("quality", false, Set.of("checks", "evidence_rows"));
      List<QualityCheck> checks = new CheckReader(problems).checks(quality, fields);
      int evidenceRows = evidenceRows(quality);
      Lineage lineage = lineage(spec);
      Access access = access(spec);
      PublishGuards guards = guards(spec);
      if (trigger == RunTrigger.ON_UPSTREAM
          && transform != null
          && lineage != null
          && ModelTemplate.refs(transform.sql()).isEmpty()
          && lineage.upstream().isEmpty()) {
        problems.add(
            spec.pathOf("trigger"),
            spec.node("trigger", false),
            "trigger on-upstream needs an upstream product: a ref('domain.product') in the model or"
                + " lineage.upstream");
      }
      if (!problems.isEmpty()) {
        return null;
      }
      return new DataProductContract(
          file,
          id,
          version,
          description,
          tags,
          owner,
          sla,
          source,
          transform,
          partitioning,
          schedule,
          trigger == null ? RunTrigger.MANUAL : trigger,
          fields,
          checks,
          evidenceRows,
          lineage,
          access,
          guards,
          text,
          YamlLines.index(root));
    }

    private Sla sla(YamlMap spec) {
      YamlMap sla = spec.map("sla", false, Set.of("freshness", "availability"));
      if (sla == null) return null;
      Duration freshness = sla.parsed("freshness", false, ContractValues::duration);
      Double availability = sla.parsed("availability", false, ContractValues::percent);
      return new Sla(freshness, availability == null ? 0.0 : availability);
    }

    private SourceSpec source(YamlMap spec) {
      YamlMap source = spec.map("source", false, Set.of("type", "path", "delimiter"));
      if (source == null) return null;
      SourceType type =
          source.parsed(
              "type",
              true,
              t -> {
                for (SourceType s : SourceType.values()) {
                  if (s.contractName().equals(t)) return s;
                }
                throw new IllegalArgumentException(
                    "unknown source type '" + t + "' (expected csv or jsonl)");
              });
      String path = source.string("path", true);
      String delimiter = source.string("delimiter", false);
      if (delimiter != null && delimiter.length() != 1) {
        problems.add(
            source.pathOf("delimiter"),
            source.node("delimiter", false),
            "delimiter must be a single character, got '" + delimiter + "'");
        delimiter = null;
      }
      if (type == null || path == null) return null;
      Path resolved = resolve(path);
      // a refused path is a problem of the contract, which then never reaches a reader
      refused(source, "path", path, resolved);
      return new SourceSpec(type, resolved, delimiter == null ? ',' : delimiter.charAt(0));
    }

    private TransformSpec transform(YamlMap spec, SourceSpec source) {
      YamlMap transform = spec.map("transform", true, Set.of("sql"));
      if (transform == null) return null;
      String sqlPath = transform.string("sql", true);
      if (sqlPath == null) return null;
      Path sqlFile = resolve(sqlPath);
      if (refused(transform, "sql", sqlPath, sqlFile)) return null;
      String sql;
      try {
        sql = files.read(sqlFile);
      } catch (IOException e) {
        problems.add(
            transform.pathOf("sql"),
            transform.node("sql", false),
            "SQL model file '"
                + sqlPath
                + "' "
                + (e.getCause() instanceof Utf8Text.MalformedException bad
                    ? bad.getMessage()
                    : "cannot be read"));
        return null;
      }
      List<String> templateProblems = ModelTemplate.problems(sql);
      for (String problem : templateProblems) {
        problems.add(
            transform.pathOf("sql"), transform.node("sql", false), sqlPath + " " + problem);
      }
      if (templateProblems.isEmpty()) {
        for (String problem : ModelQuery.problems(sql)) {
          problems.add(
              transform.pathOf("sql"), transform.node("sql", false), sqlPath + " " + problem);
        }
      }
      if (source == null && ModelTemplate.usesSource(sql)) {
        problems.add(
            transform.pathOf("sql"),
            transform.node("sql", false),
            sqlPath + " uses {{ source() }} but the contract has no spec.source");
      }
      return new TransformSpec(sqlFile, sql);
    }

    private Partitioning partitioning(YamlMap spec, List<FieldSpec> fields) {
      YamlMap p = spec.map("partitioning", false, Set.of("column", "granularity", "start"));
      if (p == null) return null;
      SqlIdentifier column = p.parsed("column", true, SqlIdentifier::of);
      if (column != null && fields.stream().noneMatch(f -> f.name().equals(column))) {
        problems.add(
            p.pathOf("column"),
            p.node("column", false),
            "column '" + column + "' is not in spec.schema.fields");
      }
      Partitioning.Granularity granularity =
          p.parsed(
              "granularity",
              true,
              g -> {
                try {
                  return Partitioning.Granularity.valueOf(g.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                  throw new IllegalArgumentException(
                      "unknown granularity '" + g + "' (expected hour, day or month)");
                }
              });
      String startText = p.scalarText("start");
      LocalDate start = null;
      if (startText != null) {
        try {
          start = LocalDate.parse(startText);
        } catch (DateTimeParseException e) {
          problems.add(
              p.pathOf("start"),
              p.node("start", false),
              "invalid date '" + startText + "' (expected YYYY-MM-DD)");
        }
      }
      return new Partitioning(column, granularity, start);
    }

    private Schedule schedule(YamlMap spec) {
      YamlMap s = spec.map("schedule", false, Set.of("cron", "timezone"));
      if (s == null) return null;
      String cron = s.string("cron", true);
      if (cron != null && cron.trim().split("\\s+").length != 5) {
        problems.add(
            s.pathOf("cron"),
            s.node("cron", false),
            "invalid cron '"
                + cron
                + "' (expected 5 fields: minute hour day-of-month month day-of-week)");
      }
      String zone = s.string("timezone", false);
      if (zone != null) {
        try {
          java.time.ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
          problems.add(
              s.pathOf("timezone"), s.node("timezone", false), "unknown time zone '" + zone + "'");
        }
      }
      return new Schedule(cron, zone == null ? "UTC" : zone);
    }

    private int evidenceRows(YamlMap quality) {
      Double n = quality == null ? null : quality.number("evidence_rows");
      if (n == null) return DEFAULT_EVIDENCE_ROWS;
      if (n != Math.rint(n) || n < 0 || n > 1000) {
        problems.add(
            quality.pathOf("evidence_rows"),
            quality.node("evidence_rows", false),
            "evidence_rows must be a whole number from 0 to 1000, got " + n);
        return DEFAULT_EVIDENCE_ROWS;
      }
      return n.intValue();
    }

    /**
     * The product a contract's {@code metadata.name} names: {@code <domain>.<product>}, or, as an
     * organisation may spell its domains, {@code <namespace>.<product>} with a namespace of lower
     * case words joined by hyphens (e.g. {@code orders-domain.order_events}): then the product is
     * {@code <metadata.domain>.<product>} and its table {@code "<domain>"."<product>"}.
     */
    private static ProductId productId(String name, SqlIdentifier domain) {
      try {
        return ProductId.parse(name);
      } catch (IllegalArgumentException e) {
        Matcher namespaced = NAMESPACED.matcher(name);
        if (domain == null || !namespaced.matches()) {
          throw new IllegalArgumentException(
              "invalid product name '"
                  + name
                  + "' (expected <domain>.<product>, e.g. orders.order_events, or"
                  + " <namespace>.<product> with the domain in metadata.domain, e.g."
                  + " orders-domain.order_events)");
        }
        return new ProductId(domain, SqlIdentifier.of(namespaced.group(2)));
      }
    }

    private static SqlIdentifier identifier(String text) {
      try {
        return SqlIdentifier.of(text);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    /** {@code <namespace>.<product>}: lower case words joined by hyphens, then an identifier. */
    private static final Pattern NAMESPACED =
        Pattern.compile("([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\\.([a-z_][a-z0-9_]*)");

    private Lineage lineage(YamlMap spec) {
      YamlMap l = spec.map("lineage", false, Set.of("upstream", "downstream"));
      if (l == null) return Lineage.none();
      return new Lineage(productIds(l, "upstream"), productIds(l, "downstream"));
    }

    private List<ProductId> productIds(YamlMap map, String key) {
      List<ProductId> ids = new ArrayList<>();
      for (YamlMap.Item item : map.list(key, false)) {
        if (item.node() instanceof org.yaml.snakeyaml.nodes.ScalarNode s) {
          try {
            ids.add(ProductId.parse(s.getValue()));
          } catch (IllegalArgumentException e) {
            problems.add(item.path(), item.node(), e.getMessage());
          }
        } else {
          problems.add(
              item.path(),
              item.node(),
              "expected a product id, got " + YamlMap.describe(item.node()));
        }
      }
      return ids;
    }

    private PublishGuards guards(YamlMap spec) {
      YamlMap p = spec.map("publish", false, Set.of("allow_empty", "max_shrink"));
      if (p == null) return PublishGuards.defaults();
      Boolean allowEmpty = p.bool("allow_empty");
      Double maxShrink = p.parsed("max_shrink", false, ContractValues::percent);
      return new PublishGuards(Boolean.TRUE.equals(allowEmpty), maxShrink);
    }

    private Access access(YamlMap spec) {
      YamlMap a = spec.map("access", false, Set.of("roles", "policies"));
      if (a == null) return Access.none();
      return new Access(a.strings("roles"), a.strings("policies"));
    }

    /**
     * Adds a problem and returns true when the file at {@code key} may not be read: an absolute
     * path, or (in a mesh) a path outside the mesh's folder and data roots.
     */
    private boolean refused(YamlMap map, String key, String written, Path resolved) {
      String reason = null;
      if (written.indexOf('\0') >= 0) {
        reason = "is not a valid path";
      } else if (Path.of(written).isAbsolute()) {
        reason = "is absolute; give a path relative to the contract's folder";
      } else if (meshRoot != null) {
        reason = roots.refusal(meshRoot, resolved).orElse(null);
      }
      if (reason == null) return false;
      problems.add(map.pathOf(key), map.node(key, false), "'" + written + "' " + reason);
      return true;
    }

    private Path resolve(String relative) {
      Path dir = file.toAbsolutePath().getParent();
      return dir.resolve(relative).normalize();
    }
  }
}
