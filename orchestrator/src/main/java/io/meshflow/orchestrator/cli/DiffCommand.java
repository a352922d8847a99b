package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.lifecycle.Change;
import io.meshflow.contracts.lifecycle.Consumers;
import io.meshflow.contracts.lifecycle.ContractDiff;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractParser;
import io.meshflow.orchestrator.config.MeshflowProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meshflow diff}: what changed between two versions of a contract, and who it affects. */
@Component
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Classify every change between two versions of a contract as breaking, non-breaking or unknown,",
      "name the products that consume it, and fail when a breaking change keeps the major version.",
      "  meshflow diff OLD.yaml NEW.yaml",
      "  meshflow diff --against origin/main domains/orders/order_events.yaml"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no breaking change, or the major version was bumped",
      "1:breaking change without a major bump",
      "2:a contract cannot be read"
    })
public class DiffCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "CONTRACT",
      arity = "1..2",
      description = "OLD and NEW, or only NEW with --against.")
  List<Path> contracts;

  @Option(
      names = "--against",
      paramLabel = "GIT_REF",
      description = "Compare with the contract as it is at this git revision.")
  String against;

  @Option(
      names = "--mesh",
      paramLabel = "DIR",
      description = "The mesh whose products may consume it (default: ./domains).")
  Path mesh;

  private final MeshflowProperties properties;

  public DiffCommand(MeshflowProperties properties) {
    this.properties = properties;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if ((against == null) != (contracts.size() == 2)) {
      err.println("give OLD and NEW, or NEW and --against GIT_REF");
      err.flush();
      return 2;
    }
    DataProductContract before;
    DataProductContract after;
    ContractParser parser = new ContractParser();
    try {
      Path newFile = contracts.get(contracts.size() - 1);
      after = parser.parse(newFile, newFile.toString());
      if (against == null) {
        before = parser.parse(contracts.get(0), contracts.get(0).toString());
      } else {
        Git git = Git.of(newFile);
        String oldText = git.show(against, newFile);
        if (oldText == null) {
          out.println(
              after.id()
                  + " "
                  + after.version()
                  + " is new at "
                  + against
                  + ": nothing to compare");
          out.flush();
          return 0;
        }
        before = parser.parse(newFile, against + ":" + newFile, oldText, f -> git.show(against, f));
      }
    } catch (ContractException e) {
      err.println(e.getMessage());
      err.flush();
      return 2;
    } catch (IOException e) {
      err.println(e.getMessage());
      err.flush();
      return 2;
    }
    List<Change> changes = ContractDiff.compare(before, after);
    out.println(after.id() + " " + before.version() + " → " + after.version());
    if (changes.isEmpty()) out.println("  no changes");
    changes.forEach(c -> out.println("  " + c));
    var meshContracts =
        new MeshLoader().check(mesh != null ? mesh : properties.mesh()).contracts().values();
    List<String> consumers = Consumers.of(after.id(), after, meshContracts);
    out.println(
        "consumers: " + (consumers.isEmpty() ? "none known" : String.join(", ", consumers)));
    long breaking = changes.stream().filter(c -> c.impact() == Change.Impact.BREAKING).count();
    int result = 0;
    if (ContractDiff.needsMajorBump(before, after, changes)) {
      out.println(
          "FAILED: "
              + breaking
              + " breaking change"
              + (breaking == 1 ? "" : "s")
              + " but the major version stays "
              + after.version().major()
              + "; release it as "
              + (before.version().major() + 1)
              + ".0.0");
      result = 1;
    } else if (breaking > 0) {
      out.println(
          "ok: "
              + breaking
              + " breaking change"
              + (breaking == 1 ? "" : "s")
              + " with a new major version");
    } else {
      out.println("ok: no breaking change");
    }
    out.flush();
    return result;
  }

  /** Reads files as they are at a revision of the git repository that holds them. */
  record Git(Path root) {
    static Git of(Path file) throws IOException {
      Path dir = file.toAbsolutePath().getParent();
      String top = run(dir, "git", "rev-parse", "--show-toplevel");
      if (top == null) throw new IOException(file + " is not in a git repository");
      return new Git(Path.of(top.strip()));
    }

    /** The file's text at {@code ref}, or null when it did not exist there. */
    String show(String ref, Path file) throws IOException {
      String relative =
          root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
      return run(root, "git", "show", ref + ":" + relative);
    }

    private static String run(Path dir, String... command) throws IOException {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
      byte[] output = p.getInputStream().readAllBytes();
      p.getErrorStream().readAllBytes();
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IOException("git timed out");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      return p.exitValue() == 0 ? new String(output, StandardCharsets.UTF_8) : null;
    }
  }
}
