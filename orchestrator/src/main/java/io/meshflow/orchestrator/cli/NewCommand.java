package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.lifecycle.ContractValidator;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.scaffold.ContractScaffold;
import io.meshflow.orchestrator.scaffold.FileWrites;
import io.meshflow.orchestrator.scaffold.Sample;
import io.meshflow.orchestrator.scaffold.ScaffoldException;
import io.meshflow.orchestrator.scaffold.SchemaInference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meshflow new}: a product's contract, model and source from a sample of its data, with the
 * schema, key, PII and checks inferred for the user to review.
 */
@Component
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description = {
      "Scaffold a product (contract, model, checks) from a sample of its data.",
      "Reads the file (CSV with a header, or JSONL); infers each column's type and nullability,",
      "the primary key, likely personal data (masked, flagged for you to confirm) and checks (not",
      "null and unique on the key, the numeric ranges seen, the value sets of low-cardinality",
      "text, freshness on a timestamp); writes the contract <mesh>/<domain>/<product>.yaml, its",
      "model models/<product>.sql and the data under data/, and validates them. Never overwrites",
      "a file without --force.",
      "  meshflow new sales.customers --from customers.csv"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:written and valid",
      "1:written, but the contract breaks governance rules (listed) that you need to settle",
      "2:the sample cannot be scaffolded from, or a file exists: nothing is written"
    })
public class NewCommand implements Callable<Integer> {
  /** How many rows of the file are read to infer from, unless told. */
  static final int SAMPLE_ROWS = 10_000;

  @Spec CommandSpec spec;
  @Mixin MeshOptions meshOptions = new MeshOptions();

  @Parameters(paramLabel = "PRODUCT", description = "The new product, <domain>.<name>.")
  String product;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "FILE",
      description = "A sample of the data: a .csv (or .tsv) file with a header, or .jsonl.")
  Path from;

  @Option(
      names = "--owner",
      paramLabel = "EMAIL",
      description = "The owning team's address (default: team-<domain>@example.com).")
  String owner;

  @Option(
      names = "--sample",
      paramLabel = "ROWS",
      description = "Rows read to infer from (default ${DEFAULT-VALUE}).")
  int sampleRows = SAMPLE_ROWS;

  @Option(names = "--force", description = "Overwrite files that exist.")
  boolean force;

  private final MeshflowProperties properties;

  public NewCommand(MeshflowProperties properties) {
    this.properties = properties;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return scaffold(out, err);
    } catch (ScaffoldException e) {
      err.println(e.getMessage());
      err.println("nothing written");
      err.flush();
      return 2;
    }
  }

  private int scaffold(PrintWriter out, PrintWriter err) {
    ProductId id;
    try {
      id = ProductId.parse(product);
    } catch (IllegalArgumentException e) {
      throw new ScaffoldException(e.getMessage());
    }
    Path mesh = (meshOptions.mesh != null ? meshOptions.mesh : properties.mesh()).normalize();
    Path domain = mesh.resolve(id.domain().value());
    Path contract = domain.resolve(id.name().value() + ".yaml");
    Path model = domain.resolve("models").resolve(id.name().value() + ".sql");
    Path source = from.toAbsolutePath().normalize();
    boolean copy = !source.startsWith(domain.toAbsolutePath().normalize());
    Path data = copy ? domain.resolve("data").resolve(from.getFileName()) : source;
    Optional<DataProductContract> existing = existing(mesh, id);
    if (existing.isPresent()) {
      Path file = existing.get().file();
      boolean same =
          file.toAbsolutePath().normalize().equals(contract.toAbsolutePath().normalize());
      if (!same || !force) {
        throw new ScaffoldException(
            "the mesh in "
                + mesh
                + " already has "
                + id
                + ", in "
                + file
                + (same ? " (--force writes it again)" : ""));
      }
    }
    List<Path> targets = copy ? List.of(contract, model, data) : List.of(contract, model);
    List<Path> taken = targets.stream().filter(Files::exists).toList();
    if (!taken.isEmpty() && !force) {
      throw new ScaffoldException(
          String.join(", ", taken.stream().map(Path::toString).toList())
              + (taken.size() == 1 ? " exists" : " exist")
              + " (--force overwrites)");
    }
    GovernancePolicies rules;
    try {
      rules = new GovernanceLoader().load(MeshOptions.governance(mesh, properties.governance()));
    } catch (ContractException e) {
      throw new ScaffoldException("the governance rules are invalid:\n" + e.getMessage());
    }
    Sample sample = Sample.read(from, sampleRows);
    SchemaInference.Result schema = SchemaInference.infer(sample, from.toString());
    String piiPolicy =
        rules.access().policies().stream()
            .filter(p -> p.governs("pii"))
            .map(p -> p.name())
            .findFirst()
            .orElse(null);
    boolean pii = schema.fields().stream().anyMatch(SchemaInference.Field::pii);
    ContractScaffold.Request request =
        new ContractScaffold.Request(
            id,
            owner != null
                ? owner
                : "team-" + id.domain().value().replace('_', '-') + "@example.com",
            sample.format(),
            domain
                .toAbsolutePath()
                .normalize()
                .relativize(data.toAbsolutePath().normalize())
                .toString()
                .replace('\\', '/'),
            "models/" + id.name().value() + ".sql",
            from.toString(),
            sample.complete(),
            rules.access().roles().keySet().stream().limit(1).toList(),
            pii && piiPolicy != null ? List.of(piiPolicy) : List.of());
    Map<Path, String> texts = new LinkedHashMap<>();
    texts.put(contract, ContractScaffold.contract(request, schema));
    texts.put(model, ContractScaffold.model(request, schema));
    FileWrites writes = new FileWrites();
    texts.forEach((file, text) -> write(file, text, writes));
    if (copy) {
      try {
        writes.write(data, () -> Files.copy(source, data, StandardCopyOption.REPLACE_EXISTING));
      } catch (IOException e) {
        writes.run();
        throw new ScaffoldException("cannot write " + e.getMessage());
      }
    }
    ContractValidator validator = new ContractValidator(rules, properties.sourceRoots());
    ContractValidator.Report report = validator.validate(List.of(contract));
    if (breaksRules(report) && piiPolicy != null && request.policies().isEmpty()) {
      // governance often asks for the organisation's PII policy beyond PII (sensitive domains)
      request = request.withPolicies(List.of(piiPolicy));
      write(contract, ContractScaffold.contract(request, schema), writes);
      report = validator.validate(List.of(contract));
    }
    if (report.problems().stream().anyMatch(p -> p.isError() && p.rule() == null)) {
      writes.run();
      throw new ScaffoldException(
          "the scaffolded contract is not valid:\n"
              + String.join("\n", report.problems().stream().map(p -> "  " + p).toList()));
    }
    print(out, sample, schema);
    out.println();
    out.println("wrote " + contract);
    out.println("wrote " + model);
    if (copy) out.println("copied " + from + " to " + data);
    if (report.errors() > 0) {
      out.println(
          "the contract breaks governance rules of "
              + MeshOptions.governance(mesh, properties.governance())
              + "; edit it to follow them, then ./meshflow validate:");
      report.problems().forEach(p -> out.println("  " + p));
      out.flush();
      return 1;
    }
    out.println(
        "valid: "
            + report.contracts().size()
            + " contract checked, "
            + report.warnings()
            + (report.warnings() == 1 ? " warning" : " warnings"));
    report.problems().forEach(p -> out.println("  " + p));
    out.println();
    out.println(
        "next: ./meshflow publish "
            + id
            + (mesh.equals(properties.mesh().normalize()) ? "" : " --mesh " + mesh));
    out.flush();
    return 0;
  }

  private static boolean breaksRules(ContractValidator.Report report) {
    return report.problems().stream().anyMatch(p -> p.isError() && p.rule() != null);
  }

  private static void write(Path file, String text, FileWrites writes) {
    try {
      writes.write(file, () -> Files.writeString(file, text));
    } catch (IOException e) {
      writes.run();
      throw new ScaffoldException("cannot write " + e.getMessage());
    }
  }

  private void print(PrintWriter out, Sample sample, SchemaInference.Result schema) {
    out.println(
        "inferred from "
            + from
            + " ("
            + schema.rows()
            + " rows"
            + (sample.complete() ? ", the whole file" : ", the first of the file")
            + "):");
    TextTable table = new TextTable("FIELD", "TYPE", "NULLS", "NOTES");
    for (SchemaInference.Field f : schema.fields()) {
      List<String> notes = new ArrayList<>();
      if (f.name().equals(schema.key())) notes.add("primary key (unique in the sample)");
      notes.addAll(f.notes());
      table.add(
          f.name(), f.type().contractName(), f.nullable() ? "yes" : "no", String.join("; ", notes));
    }
    table.print(out);
    if (schema.key() == null) {
      out.println("no column is unique and never empty in the sample: no primary key suggested");
    } else if (schema.keyCandidates().size() > 1) {
      out.println(
          "other candidate keys: "
              + String.join(
                  ", ",
                  schema.keyCandidates().stream().filter(k -> !k.equals(schema.key())).toList()));
    }
  }

  /** The product's contract in the mesh now, if the mesh loads and has it. */
  private Optional<DataProductContract> existing(Path mesh, ProductId id) {
    if (!Files.isDirectory(mesh)) return Optional.empty();
    try {
      return new MeshLoader(properties.sourceRoots()).load(mesh).product(id);
    } catch (ContractException e) {
      return Optional.empty();
    }
  }
}
