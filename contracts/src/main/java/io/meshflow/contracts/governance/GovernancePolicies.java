package io.meshflow.contracts.governance;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.meshflow.contracts.access.AccessPolicies;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The platform's governance rules, each a CEL expression over a contract (see {@link ContractView})
 * that must be true. Rules are compiled and type-checked once, when loaded; a rule that does not
 * compile is reported with its file, id and position.
 */
public final class GovernancePolicies {
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("contract", MapType.create(SimpleType.STRING, SimpleType.DYN))
          .addVar("field", MapType.create(SimpleType.STRING, SimpleType.DYN))
          .addVar("check", MapType.create(SimpleType.STRING, SimpleType.DYN))
          .addVar("access", MapType.create(SimpleType.STRING, SimpleType.DYN))
          .setResultType(SimpleType.BOOL)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private record Compiled(GovernanceRule rule, CelRuntime.Program program) {}

  private final List<Compiled> rules;
  private final AccessPolicies access;

  private GovernancePolicies(List<Compiled> rules, AccessPolicies access) {
    this.rules = rules;
    this.access = access;
  }

  /** No rules at all. */
  public static GovernancePolicies none() {
    return new GovernancePolicies(List.of(), AccessPolicies.none());
  }

  /** Compiles the rules; throws with every rule that does not compile. */
  public static GovernancePolicies compile(List<GovernanceRule> rules) {
    return compile(rules, AccessPolicies.none());
  }

  /**
   * Compiles the rules, beside the organisation's roles and access policies; throws with every rule
   * that does not compile.
   */
  public static GovernancePolicies compile(List<GovernanceRule> rules, AccessPolicies access) {
    List<Compiled> compiled = new ArrayList<>();
    List<ContractProblem> problems = new ArrayList<>();
    for (GovernanceRule rule : rules) {
      try {
        CelAbstractSyntaxTree ast = COMPILER.compile(rule.expression()).getAst();
        compiled.add(new Compiled(rule, RUNTIME.createProgram(ast)));
      } catch (CelValidationException e) {
        for (CelIssue issue : e.getErrors()) {
          problems.add(
              new ContractProblem(
                  rule.file(),
                  "rules[" + rule.id() + "].expression",
                  rule.line(),
                  "rule '"
                      + rule.id()
                      + "' does not compile at column "
                      + (issue.getSourceLocation().getColumn() + 1)
                      + " of its expression: "
                      + issue.getMessage()));
        }
      } catch (CelEvaluationException | RuntimeException e) {
        problems.add(
            new ContractProblem(
                rule.file(),
                "rules[" + rule.id() + "].expression",
                rule.line(),
                "rule '" + rule.id() + "' cannot run: " + e.getMessage()));
      }
    }
    if (!problems.isEmpty()) throw new ContractException(problems);
    return new GovernancePolicies(compiled, access);
  }

  public List<GovernanceRule> rules() {
    return rules.stream().map(Compiled::rule).toList();
  }

  /** The organisation's consumer roles and access policies. */
  public AccessPolicies access() {
    return access;
  }

  /**
   * Every violation of every rule by {@code contract}, pointing into its file; first how it uses
   * roles and access policies.
   */
  public List<ContractProblem> evaluate(DataProductContract contract, String displayName) {
    List<ContractProblem> violations = new ArrayList<>(access.problems(contract, displayName));
    Map<String, Object> view = ContractView.of(contract);
    Map<String, Object> accessView = access.celView();
    for (Compiled c : rules) {
      GovernanceRule rule = c.rule();
      if (rule.forEach() == null) {
        if (!holds(
            c,
            Map.of("contract", view, "field", Map.of(), "check", Map.of(), "access", accessView),
            violations,
            displayName)) {
          String path = rule.path() == null ? "" : rule.path();
          violations.add(violation(rule, displayName, path, contract.lineOf(path)));
        }
        continue;
      }
      List<Map<String, Object>> elements = ContractView.elements(contract, rule.forEach());
      for (int i = 0; i < elements.size(); i++) {
        Map<String, Object> element = elements.get(i);
        Map<String, Object> vars =
            rule.forEach().equals("fields")
                ? Map.of(
                    "contract", view, "field", element, "check", Map.of(), "access", accessView)
                : Map.of(
                    "contract", view, "field", Map.of(), "check", element, "access", accessView);
        if (!holds(c, vars, violations, displayName)) {
          String path = ContractView.elementPath(rule.forEach(), i);
          violations.add(violation(rule, displayName, path, contract.lineOf(path)));
        }
      }
    }
    return violations;
  }

  private static boolean holds(
      Compiled c, Map<String, Object> vars, List<ContractProblem> out, String file) {
    try {
      return Boolean.TRUE.equals(c.program().eval(vars));
    } catch (CelEvaluationException e) {
      out.add(
          new ContractProblem(
              c.rule().file(),
              "rules[" + c.rule().id() + "].expression",
              c.rule().line(),
              "rule '" + c.rule().id() + "' failed on " + file + ": " + e.getMessage()));
      return true;
    }
  }

  private static ContractProblem violation(
      GovernanceRule rule, String file, String path, int line) {
    return new ContractProblem(file, path, line, rule.description(), rule.severity(), rule.id());
  }
}
