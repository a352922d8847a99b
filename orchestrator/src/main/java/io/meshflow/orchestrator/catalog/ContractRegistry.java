package io.meshflow.orchestrator.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.governance.GovernanceRule;
import io.meshflow.contracts.lifecycle.Change;
import io.meshflow.contracts.lifecycle.ContractDiff;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.SemanticVersion;
import io.meshflow.contracts.parse.ContractParser;
import io.meshflow.contracts.parse.ContractProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers contract versions in the catalog under the mesh's rules: a version, once registered,
 * never changes; a new version is never lower; a breaking change needs a new major version (the
 * same rule as {@code meshflow diff}); and a contract that breaks an error-level governance rule is
 * refused. Every registered version's compliance with each rule is stored.
 */
public final class ContractRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProductDao products;
  private final GovernancePolicies policies;

  public ContractRegistry(ProductDao products, GovernancePolicies policies) {
    this.products = products;
    this.policies = policies;
  }

  /** The governance the registry judges contracts by (rules, roles, access policies). */
  public GovernancePolicies policies() {
    return policies;
  }

  /**
   * Registers {@code contract} (idempotent), or throws with the report of what stands in the way.
   *
   * @return whether the version is new to the catalog (false: it was registered as it is already)
   */
  public boolean register(DataProductContract contract) {
    String display = displayName(contract.file());
    List<ContractProblem> problems = policies.evaluate(contract, display);
    List<String> report = new ArrayList<>();
    problems.stream().filter(ContractProblem::isError).forEach(p -> report.add(p.toString()));
    refusedPatterns(contract, display, products).forEach(p -> report.add(p.toString()));
    Optional<ProductDao.RegisteredVersion> latest =
        products.latestVersion(contract.id().toString());
    if (latest.isPresent()) {
      ProductDao.RegisteredVersion old = latest.get();
      String hash = ContentHash.of(contract);
      SemanticVersion oldVersion = SemanticVersion.parse(old.version());
      int order = contract.version().compareTo(oldVersion);
      if (order == 0 && hash.equals(old.hash()) && report.isEmpty()) {
        return false;
      }
      if (order < 0) {
        report.add(
            "version " + contract.version() + " is lower than the registered " + old.version());
      } else if (order == 0 && !hash.equals(old.hash())) {
        report.add(
            "version "
                + contract.version()
                + " is already registered with other content: a registered"
                + " version never changes; give this one a new version");
      }
      if (order > 0 || !hash.equals(old.hash())) {
        DataProductContract previous =
            ContractParser.forRegistered()
                .parse(
                    contract.file(),
                    display + "@" + old.version(),
                    old.yaml(),
                    ContractParser.registeredModel(old.modelSql()));
        List<Change> changes = ContractDiff.compare(previous, contract);
        if (order > 0 && ContractDiff.needsMajorBump(previous, contract, changes)) {
          report.add(
              "breaking changes since "
                  + old.version()
                  + " need a new major version ("
                  + (previous.version().major() + 1)
                  + ".0.0), not "
                  + contract.version()
                  + ":");
          changes.stream()
              .filter(c -> c.impact() == Change.Impact.BREAKING)
              .forEach(c -> report.add("  " + c));
        }
      }
    }
    if (!report.isEmpty()) {
      throw new RegistrationRefusedException(contract.id().toString(), report);
    }
    products.register(contract);
    products.recordCompliance(contract, compliance(problems));
    return true;
  }

  /**
   * The checks' regular expressions PostgreSQL refuses, judged by the engine that runs them: each a
   * problem at its check's line.
   */
  public static List<ContractProblem> refusedPatterns(
      DataProductContract contract, String display, ProductDao products) {
    List<ContractProblem> refused = new ArrayList<>();
    for (int i = 0; i < contract.checks().size(); i++) {
      String regex = contract.checks().get(i).regex();
      if (regex == null) continue;
      String path = "spec.quality.checks[" + i + "].regex";
      products
          .regexRefusal(regex)
          .ifPresent(
              why ->
                  refused.add(
                      new ContractProblem(
                          display,
                          path,
                          contract.lineOf(path),
                          "PostgreSQL, which runs the pattern, refuses it: " + why)));
    }
    return refused;
  }

  /** Every rule's verdict: passed, or its violations as JSON. */
  private Map<GovernanceRule, String> compliance(List<ContractProblem> problems) {
    Map<GovernanceRule, String> verdicts = new java.util.LinkedHashMap<>();
    for (GovernanceRule rule : policies.rules()) {
      List<Map<String, Object>> violations =
          problems.stream()
              .filter(p -> rule.id().equals(p.rule()))
              .map(
                  p ->
                      Map.<String, Object>of(
                          "path", p.yamlPath(), "line", p.line(), "message", p.message()))
              .toList();
      try {
        verdicts.put(rule, JSON.writeValueAsString(violations));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return verdicts;
  }

  /** A contract file as problems name it: relative to the working folder when under it. */
  static String displayName(java.nio.file.Path file) {
    java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
    java.nio.file.Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
  }
}
