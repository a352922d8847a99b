package io.meshflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractParser;
import io.meshflow.contracts.parse.ContractProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each shipped governance rule, on a compliant contract and on one that breaks it. */
class GovernanceTest {
  static GovernancePolicies policies;
  @TempDir Path dir;

  static final String COMPLIANT =
      """
      apiVersion: datamesh.io/v1
      kind: DataProduct
      metadata:
        name: customers.profiles
        domain: customers
        version: 1.0.0
        description: Customer profiles, one row per customer.
      spec:
        owner: team-customers@example.com
        sla: { freshness: 1h, availability: 99.9% }
        transform: { sql: model.sql }
        schema:
          fields:
            - { name: customer_id, type: string, constraints: { primary_key: true } }
            - { name: email, type: string, constraints: { pii: true, masking: hash } }
        quality:
          checks:
            - { column: customer_id, assertion: expect_column_values_to_not_be_null }
        access: { roles: [analyst], policies: [PII-RED-ACT] }
      """;

  @BeforeAll
  static void load() {
    policies = new GovernanceLoader().load(Path.of("../governance"));
  }

  private List<String> violations(String yaml) throws Exception {
    Files.writeString(dir.resolve("model.sql"), "SELECT 1");
    Path file = dir.resolve("contract.yaml");
    Files.writeString(file, yaml);
    DataProductContract contract = new ContractParser().parse(file, "contract.yaml");
    return policies.evaluate(contract, "contract.yaml").stream()
        .map(ContractProblem::toString)
        .toList();
  }

  @Test
  void theShippedRulesAreLoaded() {
    assertThat(policies.rules())
        .extracting(r -> r.id())
        .containsExactly(
            "product-naming",
            "owner-email",
            "sla-declared",
            "freshness-in-range",
            "pii-masked",
            "primary-key-not-null-check",
            "sensitive-domain-policy",
            "description-present",
            "roles-known",
            "pii-policy");
  }

  @Test
  void aCompliantContractHasNoViolations() throws Exception {
    assertThat(violations(COMPLIANT)).isEmpty();
  }

  @Test
  void theExampleMeshIsCompliant() {
    for (DataProductContract c : new MeshLoader().load(Path.of("../domains")).products()) {
      assertThat(policies.evaluate(c, c.id().toString())).as(c.id().toString()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      product-naming             | name: customers.profiles           | name: customers.profiles__2     | contract.yaml:4: metadata.name: [product-naming] product names are snake_case words of letters and digits, at most 40 characters
      owner-email                | owner: team-customers@example.com  | owner: team customers           | contract.yaml:9: spec.owner: [owner-email] the owner is a team email address
      sla-declared               | sla: { freshness: 1h, availability: 99.9% } | sla: { freshness: 1h }  | contract.yaml:10: spec.sla: [sla-declared] the product declares an SLA with freshness and availability
      freshness-in-range         | freshness: 1h,                     | freshness: 8d,                  | contract.yaml:10: spec.sla.freshness: [freshness-in-range] the freshness SLA is between 1 minute and 7 days
      pii-masked                 | constraints: { pii: true, masking: hash } | constraints: { pii: true } | contract.yaml:15: spec.schema.fields[1]: [pii-masked] a pii field declares masking (hash or redact)
      primary-key-not-null-check | assertion: expect_column_values_to_not_be_null } | assertion: expect_column_values_to_not_be_null, threshold: 0.99 } | contract.yaml:14: spec.schema.fields[0]: [primary-key-not-null-check] every primary key column has an expect_column_values_to_not_be_null check with threshold 1.0
      sensitive-domain-policy    | policies: [PII-RED-ACT]            | policies: []                    | contract.yaml:19: spec.access.policies: [sensitive-domain-policy] products of a sensitive domain (customers, billing, payments) declare the PII-RED-ACT policy ;; contract.yaml:19: spec.access.policies: [pii-policy] a product with pii fields names an access policy that governs pii
      roles-known                | roles: [analyst]                   | roles: [analyst, auditor]       | contract.yaml:19: spec.access.roles: [roles-known] every role a product grants is one of the organisation's roles (governance/access.yaml)
      unknown-policy             | policies: [PII-RED-ACT]            | policies: [PII-RED-ACT, GDPR]   | contract.yaml:19: spec.access.policies[1]: no access policy 'GDPR' in governance/ (known: PII-RED-ACT)
      bad-role-name              | roles: [analyst]                   | roles: [analyst, Data Team]     | contract.yaml:19: spec.access.roles[1]: 'Data Team' is not a role name (lower-case letters and digits in words joined by - or _, e.g. data-scientist) ;; contract.yaml:19: spec.access.roles: [roles-known] every role a product grants is one of the organisation's roles (governance/access.yaml)
      description-present        | description: Customer profiles, one row per customer. | description: Profiles | contract.yaml:3: metadata: warning: [description-present] the product has a description, so it can be found in the catalog
      """)
  void eachRuleReportsItsViolationWithPathAndLine(
      String rule, String compliant, String broken, String expected) throws Exception {
    assertThat(COMPLIANT).contains(compliant);
    String yaml = COMPLIANT.replace(compliant, broken);
    if (rule.equals("product-naming"))
      yaml = yaml.replace("domain: customers\n", "domain: customers\n");
    assertThat(violations(yaml)).containsExactly(expected.split(" ;; "));
  }

  @Test
  void aRuleThatDoesNotCompileIsReportedWithFileRuleAndPosition() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("governance"));
    Files.writeString(
        rules.resolve("bad.yaml"),
        """
        apiVersion: datamesh.io/v1
        kind: GovernancePolicy
        rules:
          - id: fine
            description: fine
            expression: contract.owner != ''
          - id: broken
            description: broken
            expression: contract.owner.startsWith('team-') &&
          - id: not-boolean
            description: not a boolean
            expression: size(contract.fields)
          - id: wrong-key
            description: unknown key
            severity: fatal
            expresion: true
        """);
    ContractException e =
        catchThrowableOfType(ContractException.class, () -> new GovernanceLoader().load(rules));
    assertThat(e.problems())
        .extracting(ContractProblem::toString)
        .containsExactly(
            "governance/bad.yaml:13: rules[3].expression: required key 'expression' is missing",
            "governance/bad.yaml:15: rules[3].severity: unknown severity 'fatal' (expected error or warn)",
            "governance/bad.yaml:16: rules[3].expresion: unknown key 'expresion' (allowed: description, expression, for_each, id, path, severity)");
    Files.writeString(
        rules.resolve("bad.yaml"),
        Files.readString(rules.resolve("bad.yaml"))
            .replace("    severity: fatal\n    expresion: true\n", "    expression: \"true\"\n"));
    e = catchThrowableOfType(ContractException.class, () -> new GovernanceLoader().load(rules));
    assertThat(e.problems())
        .extracting(ContractProblem::toString)
        .containsExactly(
            "governance/bad.yaml:7: rules[broken].expression: rule 'broken' does not compile at column 38 of its expression:"
                + " mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null',"
                + " NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}",
            "governance/bad.yaml:10: rules[not-boolean].expression: rule 'not-boolean' does not compile at column 5 of its"
                + " expression: expected type 'bool' but found 'int'");
  }
}
