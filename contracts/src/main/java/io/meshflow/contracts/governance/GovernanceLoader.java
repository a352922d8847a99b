package io.meshflow.contracts.governance;

import io.meshflow.contracts.model.Severity;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractProblem;
import io.meshflow.contracts.parse.StrictYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the platform's policy files ({@code governance/*.yaml}, kind {@code GovernancePolicy}) as
 * strictly as contracts, then compiles their rules.
 */
public final class GovernanceLoader {

  /** The policies in {@code dir}; no rules when the folder does not exist. */
  public GovernancePolicies load(Path dir) {
    if (!Files.isDirectory(dir)) return GovernancePolicies.none();
    List<GovernanceRule> rules = new ArrayList<>();
    List<ContractProblem> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Path file : files(dir)) {
      String display =
          (dir.getFileName() == null ? "" : dir.getFileName() + "/") + dir.relativize(file);
      try {
        for (GovernanceRule rule : read(file, display)) {
          if (!ids.add(rule.id())) {
            problems.add(
                new ContractProblem(
                    display, "rules", rule.line(), "rule id '" + rule.id() + "' is used twice"));
          }
          rules.add(rule);
        }
      } catch (ContractException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) throw new ContractException(problems);
    return GovernancePolicies.compile(rules);
  }

  private static List<GovernanceRule> read(Path file, String display) {
    return StrictYaml.read(
        file,
        display,
        Set.of("apiVersion", "kind", "metadata", "rules"),
        doc -> {
          List<GovernanceRule> rules = new ArrayList<>();
          doc.requireEquals("apiVersion", "datamesh.io/v1");
          doc.requireEquals("kind", "GovernancePolicy");
          doc.map("metadata", false, Set.of("name", "owner", "description"));
          for (StrictYaml.Element r :
              doc.list(
                  "rules",
                  true,
                  Set.of("id", "description", "severity", "for_each", "path", "expression"))) {
            String id = r.string("id", true);
            String description = r.string("description", true);
            String severity = r.string("severity", false);
            Severity level = Severity.ERROR;
            if (severity != null) {
              switch (severity.toLowerCase(Locale.ROOT)) {
                case "error" -> level = Severity.ERROR;
                case "warn", "warning" -> level = Severity.WARN;
                default ->
                    r.problem(
                        "severity", "unknown severity '" + severity + "' (expected error or warn)");
              }
            }
            String forEach = r.string("for_each", false);
            if (forEach != null && !forEach.equals("fields") && !forEach.equals("checks")) {
              r.problem(
                  "for_each", "unknown for_each '" + forEach + "' (expected fields or checks)");
            }
            String expression = r.string("expression", true);
            if (id != null && description != null && expression != null) {
              rules.add(
                  new GovernanceRule(
                      id,
                      description,
                      level,
                      forEach,
                      r.string("path", false),
                      expression,
                      display,
                      r.line()));
            }
          }
          return rules;
        });
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
