package io.meshflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.access.AccessPolicies;
import io.meshflow.contracts.access.Exposure;
import io.meshflow.contracts.access.Treatment;
import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access policy files read strictly, and what a contract's roles and policies expose. */
class AccessPoliciesTest {
  @TempDir Path dir;

  @Test
  void aPolicyFileIsReadStrictlyWithEveryProblemAtItsLine() throws Exception {
    Files.writeString(
        dir.resolve("access.yaml"),
        """
        apiVersion: datamesh.io/v1
        kind: AccessPolicy
        roles:
          prefix: Mesh-
          known:
            - { name: analyst }
            - { name: analyst }
        policies:
          - name: PII-RED-ACT
            exempt_roles: [pii reader]
            columns:
              - { tag: pii, treatment: scramble }
              - { tag: pii, treatment: hash, mask: x }
            rows:
              - { roles: [analyst], where: "region = 'EU'; DROP TABLE t" }
            grants: []
        """);
    ContractException e =
        catchThrowableOfType(ContractException.class, () -> new GovernanceLoader().load(dir));
    assertThat(e.problems().stream().map(ContractProblem::toString))
        .containsExactly(
            dir.getFileName()
                + "/access.yaml:4: roles.prefix: a role prefix is lower-case letters, digits and"
                + " underscores, at most 21 characters",
            dir.getFileName()
                + "/access.yaml:7: roles.known[1].name: role 'analyst' is listed twice",
            dir.getFileName()
                + "/access.yaml:10: policies[0].exempt_roles: 'pii reader' is not a role name (e.g."
                + " data-scientist)",
            dir.getFileName()
                + "/access.yaml:12: policies[0].columns[0].treatment: unknown treatment 'scramble'"
                + " (expected pass, partial, hash or redact)",
            dir.getFileName()
                + "/access.yaml:13: policies[0].columns[1].mask: a mask is what redact shows; it"
                + " takes no other treatment",
            dir.getFileName()
                + "/access.yaml:15: policies[0].rows[0].where: 'region = 'EU'; DROP TABLE t' is not"
                + " a SQL condition over the product's columns (e.g. region = 'EU')",
            dir.getFileName()
                + "/access.yaml:16: policies[0].grants: unknown key 'grants' (allowed: columns,"
                + " description, exempt_roles, name, rows)");
  }

  @Test
  void theExampleMeshsOrderEventsIsReadThroughASecuredViewThatRedactsItsPii() {
    AccessPolicies policies = new GovernanceLoader().load(Path.of("../governance")).access();
    DataProductContract events =
        new MeshLoader()
            .load(Path.of("../domains"))
            .product(ProductId.parse("orders.order_events"))
            .orElseThrow();
    Exposure exposure = policies.exposure(events);
    assertThat(exposure.readers())
        .extracting(Object::toString)
        .containsExactly("mesh_analyst", "mesh_finance");
    assertThat(exposure.secured()).isTrue();
    Exposure.ColumnAccess customer =
        exposure.columns().stream()
            .filter(c -> c.column().value().equals("customer_id"))
            .findFirst()
            .orElseThrow();
    assertThat(customer.otherwise().treatment()).isEqualTo(Treatment.REDACT);
    assertThat(customer.byRole())
        .extracting(t -> t.role().value() + " " + t.treatment().policyName())
        .containsExactly(
            "mesh_pii_reader pass",
            "mesh_data_scientist hash",
            "mesh_analyst redact",
            "mesh_finance redact");
    assertThat(exposure.columns().stream().filter(c -> !c.passes()))
        .extracting(c -> c.column().value())
        .containsExactly("customer_id");
    assertThat(exposure.filtersRows()).isFalse();
  }
}
