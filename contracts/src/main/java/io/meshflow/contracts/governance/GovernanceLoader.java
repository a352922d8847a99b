package io.meshflow.contracts.governance;

import io.meshflow.contracts.access.AccessPolicies;
import io.meshflow.contracts.access.AccessPolicy;
import io.meshflow.contracts.access.AccessPolicyReader;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the platform's policy files ({@code governance/*.yaml}) as strictly as contracts: the rules
 * (kind {@code GovernancePolicy}), compiled, and the consumer roles and access policies (kind
 * {@code AccessPolicy}).
 */
public final class GovernanceLoader {

  /**
   * The governance folder a mesh is judged by: a repository laid out as the guide lays it out
   * ({@code domains/} and {@code governance/} side by side) carries its own; any other mesh is
   * judged by the platform's ({@code configured}).
   *
   * @param mesh the mesh folder as given, or its {@code domains} folder
   */
  public static Path folderFor(Path mesh, Path configured) {
    if (mesh == null) return configured;
    Path repository =
        mesh.getFileName() != null
                && mesh.getFileName().toString().equals("domains")
                && mesh.toAbsolutePath().getParent() != null
            ? mesh.toAbsolutePath().getParent()
            : mesh;
    if (Files.isDirectory(repository.resolve("domains"))
        && Files.isDirectory(repository.resolve("governance"))) {
      return repository.resolve("governance");
    }
    return configured;
  }

  /** The policies in {@code dir}; no rules when the folder does not exist. */
  public GovernancePolicies load(Path dir) {
    if (!Files.isDirectory(dir)) return GovernancePolicies.none();
    List<GovernanceRule> rules = new ArrayList<>();
    List<ContractProblem> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    String prefix = null;
    Map<String, String> roles = new LinkedHashMap<>();
    Map<String, AccessPolicy> policies = new LinkedHashMap<>();
    for (Path file : files(dir)) {
      String display =
          (dir.getFileName() == null ? "" : dir.getFileName() + "/") + dir.relativize(file);
      try {
        if ("AccessPolicy".equals(StrictYaml.kind(file))) {
          AccessPolicyReader.Declared declared =
              StrictYaml.read(
                  file,
                  display,
                  AccessPolicyReader.topKeys(),
                  doc -> AccessPolicyReader.read(doc, display));
          if (declared.prefix() != null) {
            if (prefix != null && !prefix.equals(declared.prefix())) {
              problems.add(
                  new ContractProblem(
                      display,
                      "roles.prefix",
                      0,
                      "the role prefix is set twice ('"
                          + prefix
                          + "' and '"
                          + declared.prefix()
                          + "')"));
            }
            prefix = declared.prefix();
          }
          declared.roles().forEach(roles::putIfAbsent);
          for (AccessPolicy p : declared.policies()) {
            AccessPolicy first = policies.putIfAbsent(p.name(), p);
            if (first != null) {
              problems.add(
                  new ContractProblem(
                      display,
                      "policies",
                      p.line(),
                      "access policy '"
                          + p.name()
                          + "' is defined twice (first in "
                          + first.file()
                          + " line "
                          + first.line()
                          + ")"));
            }
          }
          continue;
        }
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
    return GovernancePolicies.compile(
        rules,
        new AccessPolicies(
            prefix == null ? AccessPolicies.DEFAULT_PREFIX : prefix,
            roles,
            List.copyOf(policies.values())));
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
