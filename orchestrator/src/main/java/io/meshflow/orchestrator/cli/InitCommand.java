package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.orchestrator.config.MeshflowProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meshflow init}: a domain repository ready to use, laid out as the guide lays one out — its
 * domains, the platform's governance rules, a CI workflow, and a launcher that runs this Meshflow
 * on it.
 */
@Component
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Make a domain repository: its domains, governance rules, CI workflow and launcher.",
      "Writes domains/<domain>/ for its contracts, governance/ with the platform's rules,",
      ".github/workflows/meshflow-contracts.yml (validate and the major-bump gate on every pull",
      "request), a ./meshflow launcher that runs this Meshflow on it (its own catalog in",
      ".meshflow/), a .gitignore and a README with the next commands. Never overwrites a file.",
      "  meshflow init ~/shop --domain sales"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "2:a file exists, or a name is not valid: nothing is written"})
public class InitCommand implements Callable<Integer> {
  static final String CI_TEMPLATE = "/templates/github-actions/meshflow-contracts.yml";

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "The repository's folder (made if missing).")
  Path dir;

  @Option(
      names = "--domain",
      paramLabel = "NAME",
      description = "Its first domain (default: the folder's name as an identifier).")
  String domain;

  private final MeshflowProperties properties;

  public InitCommand(MeshflowProperties properties) {
    this.properties = properties;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path root = dir.toAbsolutePath().normalize();
    String name =
        domain != null
            ? domain
            : root.getFileName()
                .toString()
                .toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9_]+", "_");
    if (!SqlIdentifier.isValid(name)) {
      err.println(
          "'"
              + name
              + "' cannot name a domain (lower-case letters, digits and _, not starting with a"
              + " digit): give one with --domain");
      err.flush();
      return 2;
    }
    Map<Path, String> files = files(root, name);
    List<Path> taken = files.keySet().stream().filter(Files::exists).toList();
    if (!taken.isEmpty()) {
      err.println(
          String.join(", ", taken.stream().map(Path::toString).toList())
              + (taken.size() == 1 ? " exists" : " exist")
              + ": init writes a new repository and never overwrites; nothing written");
      err.flush();
      return 2;
    }
    try {
      for (Map.Entry<Path, String> f : files.entrySet()) {
        Files.createDirectories(f.getKey().getParent());
        Files.writeString(f.getKey(), f.getValue());
      }
      Files.setPosixFilePermissions(
          root.resolve("meshflow"), PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      err.println("cannot write " + e.getMessage());
      err.flush();
      return 2;
    }
    out.println("made a domain repository in " + root + ":");
    files.keySet().forEach(f -> out.println("  " + root.relativize(f)));
    out.println();
    out.println("next:");
    out.println("  cd " + dir);
    out.println("  ./meshflow new " + name + ".<product> --from <sample.csv or .jsonl>");
    out.println("  ./meshflow validate");
    out.println("  ./meshflow publish " + name + ".<product>");
    out.flush();
    return 0;
  }

  /** Every file of the new repository and its text. */
  private Map<Path, String> files(Path root, String name) {
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(root.resolve("README.md"), readme(root, name));
    files.put(root.resolve("meshflow"), launcher());
    files.put(
        root.resolve(".gitignore"), "# Meshflow's local catalog, warehouse and logs\n.meshflow/\n");
    files.put(
        root.resolve("domains").resolve(name).resolve("README.md"),
        "# The "
            + name
            + " domain\n\nOne contract per product (`<product>.yaml`), its SQL model under `models/`,"
            + " sample data under `data/`,\nthe sources it reads in `sources.yaml`. Start one from a"
            + " sample of its data:\n\n```bash\n./meshflow new "
            + name
            + ".<product> --from <file.csv or file.jsonl>\n```\n");
    Path governance = properties.governance();
    if (Files.isDirectory(governance)) {
      try (Stream<Path> rules = Files.list(governance)) {
        for (Path rule : rules.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
          files.put(root.resolve("governance").resolve(rule.getFileName()), Files.readString(rule));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    files.put(root.resolve(".github/workflows/meshflow-contracts.yml"), resource(CI_TEMPLATE));
    return files;
  }

  /**
   * {@code ./meshflow} of the new repository: this Meshflow's launcher, on the repository's domains
   * and governance, with a catalog of its own.
   */
  private String launcher() {
    Path clone = properties.mesh().toAbsolutePath().normalize().getParent();
    String meshflow = System.getProperty("meshflow.app-jar");
    if (meshflow != null) {
      // the launcher runs orchestrator/target/meshflow.jar of its clone
      clone = Path.of(meshflow).toAbsolutePath().normalize().getParent().getParent().getParent();
    }
    return "#!/usr/bin/env bash\n"
        + "# Runs Meshflow on this repository: its domains/, its governance/, its own catalog in\n"
        + "# .meshflow/. MESHFLOW_DIR is the Meshflow clone to run (CI sets it after cloning).\n"
        + "set -euo pipefail\n"
        + "here=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n"
        + "export MESHFLOW_MESH=\"${MESHFLOW_MESH:-$here/domains}\"\n"
        + "export MESHFLOW_GOVERNANCE=\"${MESHFLOW_GOVERNANCE:-$here/governance}\"\n"
        + "export MESHFLOW_HOME=\"${MESHFLOW_HOME:-$here/.meshflow}\"\n"
        + "exec \"${MESHFLOW_DIR:-"
        + clone
        + "}/meshflow\" \"$@\"\n";
  }

  private static String readme(Path root, String name) {
    return "# "
        + root.getFileName()
        + "\n\nA data-mesh repository run by Meshflow: each domain's data products are contracts"
        + " (YAML)\nand SQL models under `domains/<domain>/`; `governance/` holds the rules every"
        + " contract is\nchecked against; `./meshflow` runs Meshflow on this repository.\n\n"
        + "```bash\n"
        + "./meshflow new "
        + name
        + ".<product> --from <file.csv or file.jsonl>   # a contract, a model and checks from a"
        + " sample\n"
        + "./meshflow validate                      # format, references and governance rules\n"
        + "./meshflow publish "
        + name
        + ".<product>          # extract → transform → validate → publish\n"
        + "./meshflow runs                          # what ran; runs show <id> for one run\n"
        + "./meshflow catalog search <text>         # the published products\n"
        + "./meshflow dev                           # the stack, kept running (API, schedules, SLA)\n"
        + "```\n\n"
        + "Pull requests run `.github/workflows/meshflow-contracts.yml`: validation, and the gate"
        + " that\nrefuses a breaking change without a major version bump (set the repository"
        + " variable\n`MESHFLOW_REPOSITORY` to Meshflow's git URL).\n";
  }

  private static String resource(String name) {
    try (InputStream in = InitCommand.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
