package io.meshflow.contracts.parse;

import io.meshflow.contracts.model.Access;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.DomainSources;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.FieldType;
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
  private final boolean resolveSources;

  /**
   * A domain's declarations as read for one contract, kept for the next contract of the domain this
   * parser reads (a mesh's contracts share their domain's file): the same file, text and name in
   * messages give the same result, parsed once.
   */
  private record Declarations(Path file, String text, String display) {}

  /** What a declaration file read as: its sources, or its problems. */
  private record Parsed(DomainSources sources, List<ContractProblem> problems) {}

  private final java.util.Map<Declarations, Parsed> declarations = new java.util.HashMap<>();

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
    this(meshRoot, roots, true);
  }

  private ContractParser(Path meshRoot, SourceRoots roots, boolean resolveSources) {
    this.meshRoot = meshRoot;
    this.roots = roots;
    this.resolveSources = resolveSources;
  }

  /**
   * A parser for a registered version read back from the catalog, away from its mesh: its model's
   * {@code source('system', 'table')} is not resolved against the domain's declarations (which are
   * not part of a version), so such a contract has no {@link DataProductContract#source()}.
   */
  public static ContractParser forRegistered() {
    return new ContractParser(null, SourceRoots.meshOnly(), false);
  }

  /**
   * Reads the files of a registered version: its model (any {@code .sql} file) from the catalog,
   * any other file (a domain's source declarations) from disk.
   */
  public static FileReader registeredModel(String modelSql) {
    return f -> f.getFileName().toString().endsWith(".sql") ? modelSql : readFile(f);
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

  /**
   * Reads a file the contract refers to (its SQL model, its domain's source declarations); a file
   * that does not exist is {@code null} or a {@link java.nio.file.NoSuchFileException}.
   */
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
      doc.requireHeader(KIND);

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
      SourceSpec ownSource = source(spec);
      TransformSpec transform = transform(spec, id);
      SourceSpec source = ownSource;
      if (transform != null && id != null) {
        source = declaredSource(spec, transform, ownSource, id);
      }
      FieldReader fieldReader = new FieldReader(problems);
      List<FieldSpec> fields = fieldReader.fields(spec);
      Sla sla = sla(spec, fields);
      Partitioning partitioning = partitioning(spec, fields);
      Schedule schedule = schedule(spec, sla);
      RunTrigger trigger = spec.parsed("trigger", false, RunTrigger::parse);
      YamlMap quality = spec.map("quality", false, Set.of("checks", "evidence_rows"));
      List<QualityCheck> checks = new CheckReader(problems).checks(quality, fields);
      int evidenceRows = evidenceRows(quality);
      Lineage lineage = lineage(spec, id);
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
      if (transform != null && metadata != null) {
        new ModelMeta(problems, transform, metadata, spec, id, version, sla, fields).check();
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
          YamlLines.index(root),
          fieldReader.exact());
    }

    private Sla sla(YamlMap spec, List<FieldSpec> fields) {
      YamlMap sla = spec.map("sla", false, Set.of("freshness", "availability", "freshness_column"));
      if (sla == null) return null;
      Duration freshness = sla.parsed("freshness", false, ContractValues::duration);
      Double availability = sla.parsed("availability", false, ContractValues::percent);
      SqlIdentifier column = sla.parsed("freshness_column", false, SqlIdentifier::of);
      if (column != null) {
        FieldSpec field =
            fields.stream().filter(f -> f.name().equals(column)).findFirst().orElse(null);
        if (field == null
            || (field.type() != FieldType.TIMESTAMP && field.type() != FieldType.DATE)) {
          problems.add(
              sla.pathOf("freshness_column"),
              sla.node("freshness_column", false),
              field == null
                  ? "freshness_column '" + column + "' is not a field of spec.schema"
                  : "freshness_column '"
                      + column
                      + "' is a "
                      + field.type().contractName()
                      + " field; it must hold times (timestamp or date)");
        }
      }
      return new Sla(freshness, availability == null ? 0.0 : availability, column);
    }

    private SourceSpec source(YamlMap spec) {
      YamlMap source = spec.map("source", false, Set.of("type", "path", "delimiter"));
      if (source == null) return null;
      SourceType type = source.parsed("type", true, t -> SourceType.parse(t, "source type"));
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

    /**
     * The SQL model: the file {@code spec.transform.sql} names, or by dbt's convention {@code
     * models/<product>.sql} beside the contract.
     */
    private TransformSpec transform(YamlMap spec, ProductId id) {
      YamlMap transform = spec.map("transform", false, Set.of("sql"));
      String sqlPath;
      Path sqlFile;
      String sql;
      String at = "spec.transform.sql";
      Node node;
      if (transform != null) {
        sqlPath = transform.string("sql", true);
        if (sqlPath == null) return null;
        sqlFile = resolve(sqlPath);
        node = transform.node("sql", false);
        if (refused(transform, "sql", sqlPath, sqlFile)) return null;
        try {
          sql = files.read(sqlFile);
          if (sql == null) throw new java.nio.file.NoSuchFileException(sqlPath);
        } catch (IOException e) {
          problems.add(at, node, "SQL model file '" + sqlPath + "' " + unreadable(e));
          return null;
        }
      } else {
        if (id == null) return null;
        node = spec.node();
        List<String> tried =
            List.of("models/" + id.name().value() + ".sql", id.name().value() + ".sql");
        sqlPath = null;
        sqlFile = null;
        sql = null;
        for (String candidate : tried) {
          Path candidateFile = resolve(candidate);
          try {
            sql = files.read(candidateFile);
            if (sql == null) continue;
            sqlPath = candidate;
            sqlFile = candidateFile;
            break;
          } catch (java.nio.file.NoSuchFileException e) {
            // the next convention
          } catch (IOException e) {
            problems.add(at, node, "SQL model file '" + candidate + "' " + unreadable(e));
            return null;
          }
        }
        if (sql == null) {
          problems.add(
              at,
              node,
              "no SQL model: neither "
                  + tried.get(0)
                  + " nor "
                  + tried.get(1)
                  + " exists beside the contract (or name the file in spec.transform.sql)");
          return null;
        }
        if (meshRoot != null) {
          String reason = roots.refusal(meshRoot, sqlFile).orElse(null);
          if (reason != null) {
            problems.add(at, node, "'" + sqlPath + "' " + reason);
            return null;
          }
        }
      }
      List<String> templateProblems = ModelTemplate.problems(sql);
      for (String problem : templateProblems) {
        problems.add(at, node, sqlPath + " " + problem);
      }
      if (templateProblems.isEmpty()) {
        for (String problem : ModelQuery.problems(sql)) {
          problems.add(at, node, sqlPath + " " + problem);
        }
      }
      return new TransformSpec(
          sqlFile, sql, sqlPath, node == null ? 0 : node.getStartMark().getLine() + 1);
    }

    private static String unreadable(IOException e) {
      return e.getCause() instanceof Utf8Text.MalformedException bad
          ? bad.getMessage()
          : "cannot be read";
    }

    /**
     * The source the model reads: {@code spec.source} through {@code source()}, or a table its
     * domain declares through {@code source('system', 'table')}. A model reads one source; products
     * that combine sources read the products that each read one.
     */
    private SourceSpec declaredSource(
        YamlMap spec, TransformSpec transform, SourceSpec own, ProductId id) {
      String at = "spec.transform.sql";
      int line = transform.contractLine();
      String model = transform.displayPath();
      List<ModelTemplate.SourceCall> calls = ModelTemplate.sources(transform.sql());
      boolean ownCall = ModelTemplate.usesOwnSource(transform.sql());
      if (calls.isEmpty()) {
        if (own == null && ownCall) {
          problems.add(
              at, line, model + " uses {{ source() }} but the contract has no spec.source");
        }
        return own;
      }
      ModelTemplate.SourceCall first = calls.get(0);
      for (ModelTemplate.SourceCall other : calls) {
        if (!other.system().equals(first.system()) || !other.table().equals(first.table())) {
          problems.add(
              at,
              line,
              model
                  + " line "
                  + other.line()
                  + ": a model reads one source, and this one reads "
                  + first.system()
                  + "."
                  + first.table()
                  + " (line "
                  + first.line()
                  + ") and "
                  + other.system()
                  + "."
                  + other.table()
                  + "; build a product from each and ref() them");
          return null;
        }
      }
      if (own != null || ownCall) {
        problems.add(
            own != null ? spec.pathOf("source") : at,
            own != null ? spec.node("source", false) : null,
            model
                + " line "
                + first.line()
                + " reads the declared source "
                + first.system()
                + "."
                + first.table()
                + (own != null
                    ? ", so the contract has no spec.source of its own"
                    : " and source() too"));
        return null;
      }
      if (!resolveSources) return null;
      DomainSources declared = domainSources(id);
      if (declared == null) return null;
      java.util.Optional<SourceSpec> table = declared.table(first.system(), first.table());
      if (table.isEmpty()) {
        problems.add(
            at,
            line,
            model
                + " line "
                + first.line()
                + ": source('"
                + first.system()
                + "', '"
                + first.table()
                + "') is not declared: "
                + (declared.sources().isEmpty()
                    ? declared.display() + " declares no sources"
                    : declared.sources().containsKey(first.system())
                        ? "source "
                            + first.system()
                            + " in "
                            + declared.display()
                            + " has the tables "
                            + String.join(
                                ", ", declared.sources().get(first.system()).tables().keySet())
                        : declared.display()
                            + " declares the sources "
                            + String.join(", ", declared.sources().keySet())));
        return null;
      }
      return table.get();
    }

    private DomainSources sources;
    private boolean sourcesRead;

    /**
     * The source declarations of the contract's domain: {@code sources.yaml} in the domain's folder
     * (the nearest folder above the contract named as the domain, else the contract's own); {@code
     * null} when that file has problems, which are added to this contract's.
     */
    private DomainSources domainSources(ProductId id) {
      if (sourcesRead) return sources;
      sourcesRead = true;
      Path dir = file.toAbsolutePath().normalize().getParent();
      Path domainDir = dir;
      for (Path p = dir; p != null; p = p.getParent()) {
        if (p.getFileName() != null && p.getFileName().toString().equals(id.domain().value())) {
          domainDir = p;
          break;
        }
      }
      Path declarations = domainDir.resolve(DomainSources.FILE_NAME);
      String display = sourcesDisplay(declarations);
      String text;
      try {
        text = files.read(declarations);
        if (text == null) throw new java.nio.file.NoSuchFileException(display);
        String refusal =
            meshRoot == null ? null : roots.refusal(meshRoot, declarations).orElse(null);
        if (refusal != null) {
          problems.add("spec.transform.sql", 0, display + " " + refusal);
          return null;
        }
      } catch (java.nio.file.NoSuchFileException e) {
        sources = new DomainSources(declarations, display, java.util.Map.of());
        return sources;
      } catch (IOException e) {
        problems.add("spec.transform.sql", 0, display + " " + unreadable(e));
        return null;
      }
      Parsed parsed =
          ContractParser.this.declarations.computeIfAbsent(
              new Declarations(declarations, text, display),
              key -> {
                try {
                  return new Parsed(
                      new SourcesParser(meshRoot, roots).parse(key.file(), key.display(), text),
                      List.of());
                } catch (ContractException e) {
                  return new Parsed(null, e.problems());
                }
              });
      problems.addOther(parsed.problems());
      sources = parsed.sources();
      return sources;
    }

    /** How messages name a domain's declaration file: as problems name the contract's file. */
    private String sourcesDisplay(Path declarations) {
      String own = problems.file();
      Path contractDir = file.toAbsolutePath().normalize().getParent();
      Path ownDir = Path.of(own).getParent();
      Path relative = contractDir.relativize(declarations);
      return (ownDir == null ? relative : ownDir.resolve(relative)).normalize().toString();
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

    private Schedule schedule(YamlMap spec, Sla sla) {
      YamlMap s = spec.map("schedule", false, Set.of("cron", "timezone", "on"));
      if (s == null) return null;
      String on = s.string("on", false);
      if (on != null) {
        if (!on.equals("freshness")) {
          problems.add(
              s.pathOf("on"),
              s.node("on", false),
              "unknown schedule 'on: " + on + "' (expected freshness)");
        } else if (s.node("cron", false) != null || s.node("timezone", false) != null) {
          problems.add(
              s.pathOf("on"),
              s.node("on", false),
              "a schedule runs by cron or on freshness, not both: remove cron and timezone");
        } else if (sla == null || sla.freshness() == null) {
          problems.add(
              s.pathOf("on"),
              s.node("on", false),
              "schedule on freshness needs a freshness target: set sla.freshness (e.g. 15m)");
        }
        return new Schedule(null, null, true);
      }
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

    /**
     * {@code spec.lineage}: an upstream entry {@code <domain>.<product>} is a product of the mesh;
     * any other {@code <namespace>.<name>} (e.g. {@code raw.kafka.order_events}), or one that names
     * a table the domain declares as a source, is a dataset outside it.
     */
    private Lineage lineage(YamlMap spec, ProductId id) {
      YamlMap l = spec.map("lineage", false, Set.of("upstream", "downstream"));
      if (l == null) return Lineage.none();
      List<ProductId> upstream = new ArrayList<>();
      List<io.meshflow.contracts.model.Dataset> external = new ArrayList<>();
      for (YamlMap.Item item : l.list("upstream", false)) {
        if (!(item.node() instanceof ScalarNode s)
            || !s.getTag().equals(org.yaml.snakeyaml.nodes.Tag.STR)) {
          problems.add(
              item.path(),
              item.node(),
              "expected a product id or a dataset, got " + YamlMap.describe(item.node()));
          continue;
        }
        String text = s.getValue();
        ProductId product = null;
        try {
          product = ProductId.parse(text);
        } catch (IllegalArgumentException notAProduct) {
          // a dataset outside the mesh
        }
        if (product != null && !declaresDataset(id, text)) {
          upstream.add(product);
          continue;
        }
        try {
          external.add(io.meshflow.contracts.model.Dataset.parse(text));
        } catch (IllegalArgumentException e) {
          problems.add(item.path(), item.node(), e.getMessage());
        }
      }
      return new Lineage(upstream, productIds(l, "downstream"), external);
    }

    /** Whether the domain declares a source table named {@code text} (its dataset or call). */
    private boolean declaresDataset(ProductId id, String text) {
      if (id == null || !resolveSources) return false;
      DomainSources declared = domainSources(id);
      if (declared == null) return false;
      return declared.sources().values().stream()
          .anyMatch(
              s ->
                  s.tables().values().stream()
                      .anyMatch(
                          t ->
                              t.dataset().toString().equals(text)
                                  || (s.name() + "." + t.dataset().name()).equals(text)));
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
