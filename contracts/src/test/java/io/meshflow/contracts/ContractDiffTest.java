package io.meshflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.lifecycle.Change;
import io.meshflow.contracts.lifecycle.ContractDiff;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.parse.ContractParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pairs of contract versions and how each change is classified. */
class ContractDiffTest {
  @TempDir Path dir;

  static final String BASE =
      """
      apiVersion: datamesh.io/v1
      kind: DataProduct
      metadata:
        name: orders.orders
        domain: orders
        version: 1.2.0
        description: Orders.
        tags: [core]
      spec:
        owner: team-orders@example.com
        sla: { freshness: 1h, availability: 99.9% }
        transform: { sql: model.sql }
        schema:
          fields:
            - { name: order_id, type: string, constraints: { primary_key: true } }
            - { name: customer_id, type: string, constraints: { pii: true, masking: hash } }
            - { name: quantity, type: integer }
            - { name: amount, type: decimal }
            - { name: status, type: string }
            - { name: note, type: string }
        quality:
          checks:
            - { column: order_id, assertion: expect_column_values_to_not_be_null }
            - { column: amount, assertion: expect_column_values_to_be_between, min_value: 0, max_value: 1000, threshold: 0.9 }
            - { column: status, assertion: expect_column_values_to_be_in_set, value_set: [new, paid, shipped] }
            - { column: quantity, assertion: expect_column_values_to_be_between, min_value: 1, severity: warn }
        access: { roles: [analyst, finance], policies: [PII-RED-ACT] }
      """;

  private DataProductContract contract(String name, String yaml) throws Exception {
    Files.writeString(dir.resolve("model.sql"), "SELECT 1");
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    return new ContractParser().parse(file, name);
  }

  private List<String> diff(String from, String to) throws Exception {
    assertThat(BASE).contains(from);
    return ContractDiff.compare(contract("old", BASE), contract("new", BASE.replace(from, to)))
        .stream()
        .map(Change::toString)
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      field removed            | - { name: note, type: string }\\n | #\\n | breaking  spec.schema.fields[5]: field 'note' removed: consumers selecting it fail
      field renamed            | - { name: note, type: string } | - { name: remark, type: string } | breaking  spec.schema.fields[5]: field 'note' removed (renamed to 'remark'?): consumers selecting it fail;non-breaking  spec.schema.fields[5]: field 'remark' added
      field added              | - { name: note, type: string } | - { name: note, type: string }\\n      - { name: comment, type: string } | non-breaking  spec.schema.fields[6]: field 'comment' added
      type changed             | - { name: status, type: string } | - { name: status, type: integer } | breaking  spec.schema.fields[4].type: field 'status' type changed from string to integer
      type widened             | - { name: quantity, type: integer } | - { name: quantity, type: long } | non-breaking  spec.schema.fields[2].type: field 'quantity' type changed from integer to long (widened)
      nullability tightened    | - { name: amount, type: decimal } | - { name: amount, type: decimal, constraints: { "null": false } } | breaking  spec.schema.fields[3].constraints: field 'amount' nullability tightened (now NOT NULL)
      pii removed              | constraints: { pii: true, masking: hash } | constraints: { pii: false, masking: hash } | breaking  spec.schema.fields[1].constraints.pii: field 'customer_id' is no longer marked PII
      masking removed          | constraints: { pii: true, masking: hash } | constraints: { pii: false } | breaking  spec.schema.fields[1].constraints.pii: field 'customer_id' is no longer marked PII;breaking  spec.schema.fields[1].constraints.masking: field 'customer_id' masking changed from hash to none: raw values would be published
      primary key changed      | - { name: status, type: string } | - { name: status, type: string, constraints: { primary_key: true } } | breaking  spec.schema.fields[4].constraints: field 'status' nullability tightened (now NOT NULL);breaking  spec.schema.fields[4].constraints.primary_key: field 'status' added to the primary key: the grain of the table changed
      enum narrowed            | value_set: [new, paid, shipped] | value_set: [new, paid] | breaking  spec.quality.checks[2].value_set: check 'expect_column_values_to_be_in_set(status)' enum narrowed: [new, paid, shipped] → [new, paid]
      enum widened             | value_set: [new, paid, shipped] | value_set: [new, paid, shipped, returned] | non-breaking  spec.quality.checks[2].value_set: check 'expect_column_values_to_be_in_set(status)' enum widened: [new, paid, shipped] → [new, paid, shipped, returned]
      threshold raised         | max_value: 1000, threshold: 0.9 | max_value: 1000, threshold: 0.95 | breaking  spec.quality.checks[1].threshold: check 'expect_column_values_to_be_between(amount)' tightened: threshold 0.9 → 0.95
      bounds narrowed          | min_value: 0, max_value: 1000 | min_value: 0, max_value: 500 | breaking  spec.quality.checks[1]: check 'expect_column_values_to_be_between(amount)' tightened: bounds [0, 1000] → [0, 500]
      bounds widened           | min_value: 0, max_value: 1000 | min_value: -10, max_value: 1000 | non-breaking  spec.quality.checks[1]: check 'expect_column_values_to_be_between(amount)' loosened: bounds [0, 1000] → [-10, 1000]
      severity raised          | min_value: 1, severity: warn | min_value: 1, severity: error | breaking  spec.quality.checks[3].severity: check 'expect_column_values_to_be_between(quantity)' tightened: severity warn → error
      error check added        | - { column: order_id, assertion: expect_column_values_to_not_be_null } | - { column: order_id, assertion: expect_column_values_to_not_be_null }\\n      - { column: order_id, assertion: expect_column_values_to_be_unique } | breaking  spec.quality.checks[1]: check 'expect_column_values_to_be_unique(order_id)' added with severity error: runs that published before may now stop
      check removed            | - { column: order_id, assertion: expect_column_values_to_not_be_null }\\n | #\\n | non-breaking  spec.quality.checks[0]: check 'expect_column_values_to_not_be_null(order_id)' removed (a weaker promise)
      partitioning added       | transform: { sql: model.sql } | transform: { sql: model.sql }\\n  partitioning: { column: status, granularity: day } | breaking  spec.partitioning: partitioning changed from null to Partitioning[column=status, granularity=DAY, start=null]: partition queries and backfills of consumers change
      freshness loosened       | freshness: 1h | freshness: 1d | breaking  spec.sla.freshness: freshness SLA loosened from 1h to 1d
      role removed             | roles: [analyst, finance] | roles: [analyst] | breaking  spec.access.roles: role 'finance' can no longer read the product
      policy removed           | policies: [PII-RED-ACT] | policies: [] | breaking  spec.access.policies: policy 'PII-RED-ACT' removed
      description changed      | description: Orders. | description: All orders. | non-breaking  metadata.description: description changed
      tags changed             | tags: [core] | tags: [core, gold] | non-breaking  metadata.tags: tags changed from [core] to [core, gold]
      """)
  void eachChangeIsClassified(String what, String from, String to, String expected)
      throws Exception {
    List<String> changes = diff(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
    assertThat(changes).as(what).containsExactly(expected.split(";"));
  }

  @Test
  void theModelChangingIsUnknown() throws Exception {
    DataProductContract old = contract("old", BASE);
    Files.writeString(dir.resolve("model.sql"), "SELECT 2");
    DataProductContract changed = new ContractParser().parse(dir.resolve("old.yaml"), "new");
    assertThat(ContractDiff.compare(old, changed))
        .extracting(Change::toString)
        .containsExactly(
            "unknown  spec.transform.sql: the SQL model changed; its output is held to the schema at every run,"
                + " but the meaning of its values may have changed");
  }

  @Test
  void aBreakingChangeNeedsAMajorBump() throws Exception {
    DataProductContract old = contract("old", BASE);
    String removed = BASE.replace("      - { name: note, type: string }\n", "");
    DataProductContract minor =
        contract("minor", removed.replace("version: 1.2.0", "version: 1.3.0"));
    DataProductContract major =
        contract("major", removed.replace("version: 1.2.0", "version: 2.0.0"));
    assertThat(ContractDiff.needsMajorBump(old, minor, ContractDiff.compare(old, minor))).isTrue();
    assertThat(ContractDiff.needsMajorBump(old, major, ContractDiff.compare(old, major))).isFalse();
    DataProductContract safe =
        contract("safe", BASE.replace("description: Orders.", "description: All orders."));
    assertThat(ContractDiff.needsMajorBump(old, safe, ContractDiff.compare(old, safe))).isFalse();
  }
}
