package io.meshflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.model.Dataset;
import io.meshflow.contracts.model.DomainSources;
import io.meshflow.contracts.model.JdbcSource;
import io.meshflow.contracts.model.SourceSpec;
import io.meshflow.contracts.model.SourceType;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractProblem;
import io.meshflow.contracts.parse.SourcesParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SourcesParserTest {
  private static final Path FILE = Path.of("/mesh/shop/sources.yaml");

  private static DomainSources parse(String text) {
    return new SourcesParser(null, io.meshflow.contracts.model.SourceRoots.meshOnly())
        .parse(FILE, "shop/sources.yaml", text);
  }

  @Test
  void aDatabaseSourceNamesItsConnectionItsTablesAndNeverAPassword() {
    DomainSources sources =
        parse(
            """
            apiVersion: datamesh.io/v1
            kind: Sources
            sources:
              - name: shop_db
                type: postgres
                connection:
                  url: jdbc:postgresql://db.internal:5433/shop
                  user: shop_reader
                  password: ${env:SHOP_DB_PASSWORD}
                tables:
                  - name: customers
                    table: crm.customers
                    columns: [ { name: id, type: long }, { name: full_name, type: string, from: "Full Name" } ]
                  - name: recent
                    query: "SELECT id FROM orders WHERE placed_at > now() - interval '1 day'"
                    columns: [ { name: id, type: long } ]
            """);
    SourceSpec customers = sources.table("shop_db", "customers").orElseThrow();
    assertThat(customers.type()).isEqualTo(SourceType.POSTGRES);
    assertThat(customers.path()).isNull();
    assertThat(customers.jdbc())
        .isEqualTo(
            new JdbcSource(
                "jdbc:postgresql://db.internal:5433/shop",
                "shop_reader",
                "${env:SHOP_DB_PASSWORD}",
                "\"crm\".\"customers\"",
                null));
    assertThat(customers.dataset())
        .isEqualTo(new Dataset("postgres://db.internal:5433", "shop.crm.customers"));
    assertThat(customers.columns().get(1).sourceName()).isEqualTo("Full Name");
    SourceSpec recent = sources.table("shop_db", "recent").orElseThrow();
    assertThat(recent.jdbc().relation()).startsWith("(SELECT id FROM orders");
    assertThat(recent.dataset().name()).isEqualTo("shop.shop_db.recent");
  }

  @Test
  void aPasswordInYamlABadUrlAndAMissingRelationAreErrorsThatEchoNoSecret() {
    ContractException e =
        catchThrowableOfType(
            ContractException.class,
            () ->
                parse(
                    """
                    apiVersion: datamesh.io/v1
                    kind: Sources
                    sources:
                      - name: shop_db
                        type: postgres
                        connection:
                          url: mysql://db.internal/shop
                          user: shop_reader
                          password: hunter2
                        tables:
                          - name: customers
                            columns: [ { name: id, type: long } ]
                          - name: both
                            table: customers
                            query: SELECT 1
                            columns: [ { name: id, type: long } ]
                          - name: bad
                            query: "DELETE FROM customers"
                            columns: [ { name: id, type: long } ]
                    """));
    assertThat(e.problems())
        .extracting(ContractProblem::toString)
        .containsExactly(
            "shop/sources.yaml:7: sources[0].connection.url: expected a PostgreSQL JDBC URL with"
                + " host and database, e.g. jdbc:postgresql://db.internal:5432/shop",
            "shop/sources.yaml:9: sources[0].connection.password: a password never sits in YAML:"
                + " write ${env:NAME} and set NAME where the domain's worker runs",
            "shop/sources.yaml:11: sources[0].tables[0]: a database table needs table: or query:",
            "shop/sources.yaml:15: sources[0].tables[1].query: give table: or query:, not both",
            "shop/sources.yaml:18: sources[0].tables[2].query: query must be a SELECT");
    assertThat(e.getMessage()).doesNotContain("hunter2");
  }
}
