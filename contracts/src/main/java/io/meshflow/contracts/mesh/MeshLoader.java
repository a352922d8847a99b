package io.meshflow.contracts.mesh;

import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.DomainSources;
import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SourceRoots;
import io.meshflow.contracts.model.Webhook;
import io.meshflow.contracts.parse.AlertsParser;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractParser;
import io.meshflow.contracts.parse.ContractProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads a mesh from a folder laid out as {@code <root>/<domain>/**&#47;*.yaml}: each YAML file is
 * one contract of that domain, except the domain's source declarations ({@code
 * <root>/<domain>/sources.yaml}). A repository laid out as the guide lays it out, {@code
 * <repo>/domains/<domain>/}, is the mesh in its {@code domains} folder. Collects the problems of
 * every file, then checks the mesh as a whole, and throws one {@link ContractException} with all of
 * them.
 */
public final class MeshLoader {
  private final SourceRoots roots;

  /** A loader whose contracts read files only from inside their mesh's folder. */
  public MeshLoader() {
    this(SourceRoots.meshOnly());
  }

  /** A loader whose contracts read files from their mesh's folder and {@code roots}. */
  public MeshLoader(SourceRoots roots) {
    this.roots = roots;
  }

  /**
   * The folder whose sub-folders are the domains: {@code root}, or {@code root/domains} when {@code
   * root} is a repository laid out that way.
   */
  public static Path domainsFolder(Path root) {
    Path domains = root.resolve("domains");
    return Files.isDirectory(domains) ? domains : root;
  }

  public Mesh load(Path folder) {
    Path root = domainsFolder(folder);
    MeshReport report = check(root);
    List<ContractProblem> errors =
        report.problems().stream().filter(ContractProblem::isError).toList();
    if (!errors.isEmpty()) {
      throw new ContractException(errors);
    }
    return new Mesh(root, dependencyOrder(root, report.contracts()), report.webhooks());
  }

  /**
   * Everything wrong with the mesh at {@code root}, without stopping at the first bad file: the
   * contracts that parsed, and the problems of all of them (references to missing products, source
   * files and cycles included).
   */
  public MeshReport check(Path folder) {
    Path root = domainsFolder(folder);
    if (!Files.isDirectory(root)) {
      return new MeshReport(
          Map.of(),
          List.of(new ContractProblem(root.toString(), "", 0, "mesh folder does not exist")),
          Map.of());
    }
    List<ContractProblem> problems = new ArrayList<>();
    Map<ProductId, DataProductContract> byId = new LinkedHashMap<>();
    // one parser for the mesh: a domain's source declarations are read once for its contracts
    ContractParser parser = new ContractParser(root, roots);
    for (Path file : contractFiles(root)) {
      String display = displayName(root, file);
      DataProductContract contract;
      try {
        contract = parser.parse(file, display);
      } catch (ContractException e) {
        // a domain's declarations are read with each of its contracts: report their problems once
        e.problems().stream().filter(p -> !problems.contains(p)).forEach(problems::add);
        continue;
      }
      String folderDomain = root.relativize(file).getName(0).toString();
      if (!contract.id().domain().value().equals(folderDomain)) {
        problems.add(
            new ContractProblem(
                display,
                "metadata.domain",
                0,
                "product '"
                    + contract.id()
                    + "' is in the folder of domain '"
                    + folderDomain
                    + "'; move it to "
                    + contract.id().domain()
                    + "/"));
        continue;
      }
      DataProductContract previous = byId.putIfAbsent(contract.id(), contract);
      if (previous != null) {
        problems.add(
            new ContractProblem(
                display,
                "metadata.name",
                0,
                "product '"
                    + contract.id()
                    + "' is already defined in "
                    + displayName(root, previous.file())));
      }
    }
    // with a file unparsed, its product would look unknown to every reader: report that file only
    boolean allParsed = problems.isEmpty();
    for (DataProductContract c : allParsed ? byId.values() : List.<DataProductContract>of()) {
      for (ProductId up : c.upstreamProducts()) {
        if (!byId.containsKey(up)) {
          boolean viaRef = ModelTemplate.refs(c.transform().sql()).contains(up);
          problems.add(
              new ContractProblem(
                  displayName(root, c.file()),
                  viaRef ? "spec.transform.sql" : "spec.lineage.upstream",
                  0,
                  "unknown product '" + up + "' (no contract defines it)"));
        }
      }
    }
    for (DataProductContract c : byId.values()) {
      for (int i = 0; i < c.lineage().downstream().size(); i++) {
        ProductId down = c.lineage().downstream().get(i);
        if (!byId.containsKey(down)) {
          String path = "spec.lineage.downstream[" + i + "]";
          problems.add(
              new ContractProblem(
                  displayName(root, c.file()),
                  path,
                  c.lineOf(path),
                  "declared downstream product '" + down + "' has no contract in this mesh",
                  io.meshflow.contracts.model.Severity.WARN,
                  null));
        }
      }
      if (c.source() != null
          && c.source().type().isFile()
          && !Files.isRegularFile(c.source().path())) {
        boolean own = c.source().dataset() == null;
        String path = own ? "spec.source.path" : "spec.transform.sql";
        problems.add(
            new ContractProblem(
                displayName(root, c.file()),
                path,
                own ? c.lineOf(path) : c.transform().contractLine(),
                "source file not found: "
                    + root.toAbsolutePath().normalize().relativize(c.source().path())
                    + (own ? "" : " (declared as " + c.source().dataset() + ")")));
      }
      problems.addAll(modelColumns(root, c));
      for (int i = 0; i < c.lineage().external().size(); i++) {
        io.meshflow.contracts.model.Dataset dataset = c.lineage().external().get(i);
        boolean read = c.source() != null && dataset.equals(c.source().dataset());
        if (!read) {
          String path = "spec.lineage.upstream";
          problems.add(
              new ContractProblem(
                  displayName(root, c.file()),
                  path,
                  c.lineOf(path),
                  "upstream dataset "
                      + dataset
                      + " is not the source the model reads"
                      + (c.source() != null && c.source().dataset() != null
                          ? " (" + c.source().dataset() + ")"
                          : "")
                      + "; lineage records it as an input all the same",
                  io.meshflow.contracts.model.Severity.WARN,
                  null));
        }
      }
    }
    if (problems.stream().noneMatch(ContractProblem::isError)) {
      try {
        dependencyOrder(root, byId);
      } catch (ContractException cycle) {
        problems.addAll(cycle.problems());
      }
    }
    Map<String, List<Webhook>> webhooks = new LinkedHashMap<>();
    for (String domain :
        byId.keySet().stream().map(id -> id.domain().value()).distinct().toList()) {
      Path alerts = root.resolve(domain).resolve(AlertsParser.FILE_NAME);
      if (!Files.isRegularFile(alerts)) continue;
      try {
        webhooks.put(domain, AlertsParser.parse(alerts, displayName(root, alerts)));
      } catch (ContractException e) {
        problems.addAll(e.problems());
      }
    }
    return new MeshReport(byId, problems, webhooks);
  }

  /**
   * The model's columns against the contract's fields, where the parser can tell them: a field the
   * model does not return is an error; a column that is no field is not published (a warning), or
   * an error under {@code enforced: exact}.
   */
  private static List<ContractProblem> modelColumns(Path root, DataProductContract c) {
    List<ContractProblem> problems = new ArrayList<>();
    var lineage = io.meshflow.contracts.sql.ColumnLineage.of(c.transform().sql()).orElse(null);
    if (lineage == null || !lineage.complete()) return problems;
    java.util.Set<String> returned = lineage.outputs().keySet();
    String display = displayName(root, c.file());
    String model = c.transform().displayPath();
    List<String> missing =
        c.fields().stream().map(f -> f.name().value()).filter(f -> !returned.contains(f)).toList();
    if (!missing.isEmpty()) {
      problems.add(
          new ContractProblem(
              display,
              "spec.schema.fields",
              c.lineOf("spec.schema.fields"),
              model
                  + " returns no column "
                  + String.join(", ", missing)
                  + " of the contract's fields"));
    }
    List<String> extra =
        returned.stream()
            .filter(col -> c.fields().stream().noneMatch(f -> f.name().value().equals(col)))
            .toList();
    if (!extra.isEmpty()) {
      problems.add(
          new ContractProblem(
              display,
              "spec.schema.fields",
              c.lineOf("spec.schema.fields"),
              model
                  + " returns "
                  + String.join(", ", extra)
                  + (c.exactSchema()
                      ? ", which the contract does not list, and its schema is enforced: exact"
                      : ", which the contract does not list: "
                          + (extra.size() == 1 ? "it is" : "they are")
                          + " not published (list them in spec.schema.fields to publish them)"),
              c.exactSchema()
                  ? io.meshflow.contracts.model.Severity.ERROR
                  : io.meshflow.contracts.model.Severity.WARN,
              null));
    }
    return problems;
  }

  /** What {@link #check} found. */
  public record MeshReport(
      Map<ProductId, DataProductContract> contracts,
      List<ContractProblem> problems,
      Map<String, List<Webhook>> webhooks) {
    public MeshReport {
      contracts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(contracts));
      problems = List.copyOf(problems);
      webhooks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(webhooks));
    }

    /** The display name of a contract's file in problems, relative to the mesh's parent. */
    public static String display(Path root, Path file) {
      return displayName(root, file);
    }
  }

  /** Kahn's algorithm; the products left over form at least one cycle. */
  private List<DataProductContract> dependencyOrder(
      Path root, Map<ProductId, DataProductContract> byId) {
    Map<ProductId, Integer> indegree = new HashMap<>();
    byId.values().forEach(c -> indegree.put(c.id(), c.upstreamProducts().size()));
    List<DataProductContract> order = new ArrayList<>();
    List<DataProductContract> ready =
        new ArrayList<>(byId.values().stream().filter(c -> indegree.get(c.id()) == 0).toList());
    while (!ready.isEmpty()) {
      DataProductContract next = ready.remove(0);
      order.add(next);
      for (DataProductContract c : byId.values()) {
        if (c.upstreamProducts().contains(next.id())
            && indegree.merge(c.id(), -1, Integer::sum) == 0) {
          ready.add(c);
        }
      }
    }
    if (order.size() < byId.size()) {
      List<ContractProblem> cycle = new ArrayList<>();
      for (DataProductContract c : byId.values()) {
        if (!order.contains(c)) {
          cycle.add(
              new ContractProblem(
                  displayName(root, c.file()),
                  "spec.lineage.upstream",
                  0,
                  "product '" + c.id() + "' is part of a dependency cycle"));
        }
      }
      throw new ContractException(cycle);
    }
    return order;
  }

  private static List<Path> contractFiles(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              p ->
                  p.getFileName().toString().endsWith(".yaml")
                      || p.getFileName().toString().endsWith(".yml"))
          .filter(p -> root.relativize(p).getNameCount() > 1)
          .filter(
              p ->
                  !(root.relativize(p).getNameCount() == 2
                      && (p.getFileName().toString().equals(DomainSources.FILE_NAME)
                          || p.getFileName().toString().equals(AlertsParser.FILE_NAME))))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String displayName(Path root, Path file) {
    Path base = root.toAbsolutePath().normalize();
    Path abs = file.toAbsolutePath().normalize();
    Path name =
        root.getFileName() == null
            ? base.relativize(abs)
            : Path.of(root.getFileName().toString()).resolve(base.relativize(abs));
    return name.toString();
  }
}
