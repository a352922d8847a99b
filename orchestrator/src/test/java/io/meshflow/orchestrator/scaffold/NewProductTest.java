package io.meshflow.orchestrator.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.orchestrator.cli.CommandRunner;
import io.meshflow.orchestrator.cli.CommandRunner.Result;
import io.meshflow.orchestrator.config.MeshflowProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meshflow new}: a sample becomes a contract and a model that validate and publish on the
 * embedded stack; a sample it cannot infer from is refused with nothing written.
 */
class NewProductTest {
  @TempDir Path home;

  Result run(String... args) {
    return CommandRunner.run(
        new MeshflowProperties(
            home, home.resolve("domains"), Path.of("../governance"), null, null, null),
        args);
  }

  @Test
  void aCsvSampleBecomesAContractAndModelThatPublish() throws Exception {
    Result scaffold =
        run("new", "crm.customers", "--from", "src/test/resources/scaffold/customers.csv");
    assertThat(scaffold.exitCode()).as(scaffold.err()).isZero();
    assertThat(scaffold.out())
        .startsWith(
            """
            inferred from src/test/resources/scaffold/customers.csv (9 rows, the whole file):
            FIELD           TYPE       NULLS  NOTES
            customer_id     string     no     primary key (unique in the sample)
            email           string     no     looks like e-mail addresses: pii, masked by hash (confirm)
            country         string     no
            signup_date     date       no
            last_seen_at    timestamp  no
            orders          long       no
            lifetime_value  decimal    no
            newsletter      boolean    no
            zip             string     no     digits with leading zeros (e.g. '01234'): typed string
            notes           string     yes    mixed values, 1 integer (e.g. '42'), 2 texts (e.g. 'vip'): typed string
            """)
        .endsWith(
            """
            valid: 1 contract checked, 0 warnings

            next: ./meshflow publish crm.customers
            """);
    Path domain = home.resolve("domains/crm");
    assertThat(Files.readString(domain.resolve("customers.yaml")))
        .isEqualTo(
            """
            # Scaffolded by `meshflow new` from src/test/resources/scaffold/customers.csv (9 rows, the whole file).
            # Types, key, PII and checks are inferred from that sample: review them.
            apiVersion: datamesh.io/v1
            kind: DataProduct
            metadata:
              name: crm.customers
              domain: crm
              version: 1.0.0
              description: "The rows of customers.csv, typed (say what a consumer gets)"
            spec:
              owner: team-crm@example.com
              sla: { freshness: 1d, availability: 99% }
              source: { type: csv, path: data/customers.csv }
              transform: { sql: models/customers.sql }
              schema:
                fields:
                  - { name: customer_id, type: string, constraints: { primary_key: true } }
                  - { name: email, type: string, constraints: { "null": false, pii: true, masking: hash } }  # looks like e-mail addresses: pii, masked by hash (confirm)
                  - { name: country, type: string, constraints: { "null": false } }
                  - { name: signup_date, type: date, constraints: { "null": false } }
                  - { name: last_seen_at, type: timestamp, constraints: { "null": false } }
                  - { name: orders, type: long, constraints: { "null": false } }
                  - { name: lifetime_value, type: decimal, constraints: { "null": false } }
                  - { name: newsletter, type: boolean, constraints: { "null": false } }
                  - { name: zip, type: string, constraints: { "null": false } }  # digits with leading zeros (e.g. '01234'): typed string
                  - { name: notes, type: string }  # mixed values, 1 integer (e.g. '42'), 2 texts (e.g. 'vip'): typed string
              quality:
                checks:
                  - { assertion: expect_table_row_count_to_be_between, min_value: 1 }
                  - { column: customer_id, assertion: expect_column_values_to_not_be_null }
                  - { column: customer_id, assertion: expect_column_values_to_be_unique }
                  - { column: country, assertion: expect_column_values_to_be_in_set, value_set: [ES, FR, PT] }
                  - { column: orders, assertion: expect_column_values_to_be_between, min_value: 0, max_value: 12 }  # the range seen in the sample
                  - { column: lifetime_value, assertion: expect_column_values_to_be_between, min_value: 0, max_value: 1503.75 }  # the range seen in the sample
                  - { name: last_seen_at_is_recent, column: last_seen_at, assertion: freshness, max_age: 1d, severity: warn }
              access: { roles: [analyst], policies: [PII-RED-ACT] }  # who reads it, how
            """);
    assertThat(Files.readString(domain.resolve("models/customers.sql")))
        .isEqualTo(
            """
            -- crm.customers: the rows of customers.csv, each column cast to its contract type (scaffolded by `meshflow new`).
            SELECT
                customer_id,
                email,
                country,
                CAST(signup_date AS date) AS signup_date,
                CAST(last_seen_at AS timestamp with time zone) AS last_seen_at,
                CAST(orders AS bigint) AS orders,
                CAST(lifetime_value AS numeric) AS lifetime_value,
                CAST(newsletter AS boolean) AS newsletter,
                zip,
                notes
            FROM {{ source() }}
            """);
    assertThat(domain.resolve("data/customers.csv"))
        .hasSameTextualContentAs(Path.of("src/test/resources/scaffold/customers.csv"));

    Result publish = run("publish", "crm.customers");
    assertThat(publish.exitCode()).as(publish.out() + publish.err()).isZero();
    assertThat(publish.out())
        .containsPattern("crm\\.customers +SUCCEEDED +9 +9 +6 passed, 1 warned")
        .contains(
            "crm.customers warning: last_seen_at_is_recent: newest value 2026-03-04 07:05:00+00");
  }

  @Test
  void jsonKeysAreMappedAndMixedOrNestedValuesAreText() throws Exception {
    Path sample = home.resolve("payments.jsonl");
    Files.writeString(
        sample,
        """
        {"Payment ID": "P-1", "amount": 10.5, "rate": 1.5e-3, "paidAt": "2026-03-01 10:00:00+01", "qty": 1, "meta": {"channel": "web"}}
        {"Payment ID": "P-2", "amount": 3, "rate": 2.5e-3, "paidAt": "2026-03-01 11:00:00+01", "qty": "two", "meta": null}
        {"Payment ID": "P-3", "amount": 7.25, "rate": 1e-3, "paidAt": "2026-03-02 09:30:00+01", "qty": 3}

        {"Payment ID": "P-4", "amount": 99, "rate": 3e-3, "paidAt": "2026-03-02T12:00:00Z", "qty": 4, "meta": {"channel": "app"}}
        {"Payment ID": "P-5", "amount": 0.5, "rate": 2e-3, "paidAt": "2026-03-03T08:00:00Z", "qty": 5, "refunded": true}
        """);
    Result scaffold = run("new", "billing.payments", "--from", sample.toString());
    assertThat(scaffold.exitCode()).as(scaffold.err()).isZero();
    assertThat(scaffold.out())
        .contains(
            """
            FIELD       TYPE       NULLS  NOTES
            payment_id  string     no     primary key (unique in the sample); from the key 'Payment ID'
            amount      decimal    no
            rate        decimal    no
            paid_at     timestamp  no     from the key 'paidAt'
            qty         string     no     mixed values, 4 integers (e.g. '1'), 1 text (e.g. 'two'): typed string
            meta        string     yes    holds JSON objects or arrays: typed string (their JSON text)
            refunded    boolean    yes
            """);
    assertThat(Files.readString(home.resolve("domains/billing/models/payments.sql")))
        .endsWith(
            """
            SELECT
                doc->>'Payment ID' AS payment_id,
                CAST(doc->>'amount' AS numeric) AS amount,
                CAST(doc->>'rate' AS numeric) AS rate,
                CAST(doc->>'paidAt' AS timestamp with time zone) AS paid_at,
                doc->>'qty' AS qty,
                doc->>'meta' AS meta,
                CAST(doc->>'refunded' AS boolean) AS refunded
            FROM {{ source() }}
            """);
    Result publish = run("publish", "billing.payments");
    assertThat(publish.exitCode()).as(publish.out() + publish.err()).isZero();
    assertThat(publish.out()).containsPattern("billing\\.payments +SUCCEEDED +5 +5 ");
  }

  @Test
  void samplesItCannotInferFromAreRefusedWithNothingWritten() throws Exception {
    assertRefused("empty.csv", "", "empty.csv: the file is empty");
    assertRefused(
        "headless.csv",
        "1,2026-01-01,3.5\n2,2026-01-02,4.5\n",
        "headless.csv:1: the first line looks like data, not a header ('1', '2026-01-01', '3.5'):"
            + " add a first line naming the columns");
    assertRefused(
        "names.csv",
        "Order ID,amount,Amount,status,\nA,1,2,x,y\n",
        "names.csv:1: the header cannot be field names (lower-case letters, digits and _, not"
            + " starting with a digit):\n"
            + "  'Order ID' is not an identifier: name it order_id\n"
            + "  columns 2 and 3 are both named amount (say amount_3)\n"
            + "  column 5 has no name (say column_5)");
    assertRefused(
        "small.csv",
        "id,amount\n1,2\n2,3\n",
        "small.csv: only 2 rows of data; at least 5 are needed to infer types, keys and checks");
    assertRefused(
        "ragged.csv",
        "id,amount\n1,2\n2,3,4\n",
        "ragged.csv:3: 3 values, but the header names 2 columns");
    assertRefused(
        "broken.jsonl",
        "{\"id\": 1}\n{\"id\": 2\n",
        "broken.jsonl:2: not a JSON document: Unexpected end-of-input: expected close marker for"
            + " Object");
  }

  private void assertRefused(String name, String content, String message) throws Exception {
    Path file = home.resolve(name);
    Files.writeString(file, content);
    Result r = run("new", "crm.sample", "--from", file.toString());
    assertThat(r.exitCode()).as(r.out()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(home + "/" + message + "\nnothing written\n");
    assertThat(home.resolve("domains")).doesNotExist();
  }

  @Test
  void filesThatExistAreOverwrittenOnlyWithForce() throws Exception {
    String csv = "src/test/resources/scaffold/customers.csv";
    assertThat(run("new", "crm.customers", "--from", csv).exitCode()).isZero();
    Path contract = home.resolve("domains/crm/customers.yaml");
    Files.writeString(contract, Files.readString(contract).replace("1.0.0", "1.1.0"));
    Result again = run("new", "crm.customers", "--from", csv);
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err())
        .isEqualTo(
            "the mesh in "
                + home.resolve("domains")
                + " already has crm.customers, in "
                + contract
                + " (--force writes it again)\nnothing written\n");
    assertThat(Files.readString(contract)).contains("version: 1.1.0");
    Result forced = run("new", "crm.customers", "--from", csv, "--force");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(Files.readString(contract)).contains("version: 1.0.0");
  }
}
