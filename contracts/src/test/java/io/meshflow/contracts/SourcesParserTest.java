package io.meshflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.model.Dataset;
import io.meshflow.contracts.model.DomainSources;
import io.meshflow.contracts.model.JdbcSource;
import io.meshflow.contracts.model.KafkaTopic;
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

  @Test
  void aJdbcSourceTakesAnyDriversUrlAndADatabaseOfTheMeshsServerNeedsNoLogin() {
    DomainSources sources =
        parse(
            """
            apiVersion: datamesh.io/v1
            kind: Sources
            sources:
              - name: crm
                type: jdbc
                connection:
                  url: jdbc:mysql://crm.internal/sales
                  user: reader
                  password: ${env:CRM_PASSWORD}
                tables:
                  - { name: contacts, table: contacts, cursor: id, columns: [ { name: id, type: long } ] }
              - name: shop_db
                type: postgres
                connection: { database: shop }
                tables:
                  - { name: products, table: products, columns: [ { name: sku, type: string } ] }
            """);
    SourceSpec contacts = sources.table("crm", "contacts").orElseThrow();
    assertThat(contacts.jdbc().usesPostgres()).isFalse();
    assertThat(contacts.dataset())
        .isEqualTo(new Dataset("mysql://crm.internal:3306", "sales.public.contacts"));
    SourceSpec products = sources.table("shop_db", "products").orElseThrow();
    assertThat(products.jdbc().onMeshServer()).isTrue();
    assertThat(products.jdbc().onServer("jdbc:postgresql://localhost:5999/postgres").url())
        .isEqualTo("jdbc:postgresql://localhost:5999/shop");
    assertThat(products.dataset())
        .isEqualTo(new Dataset(JdbcSource.MESH_SERVER, "shop.public.products"));

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
                        connection: { database: shop, user: someone }
                        tables:
                          - { name: products, table: products, columns: [ { name: sku, type: string } ] }
                      - name: crm
                        type: jdbc
                        connection: { url: "jdbc:h2:mem:x;PASSWORD=hunter2", seed: crm.sql }
                        tables:
                          - { name: contacts, table: contacts, columns: [ { name: id, type: long } ] }
                    """));
    assertThat(e.problems())
        .extracting(ContractProblem::toString)
        .containsExactly(
            "shop/sources.yaml:6: sources[0].connection.user: a database on the mesh's own server"
                + " (database:) is read as the domain's own role: give database: or url:, not both",
            "shop/sources.yaml:11: sources[1].connection.url: the URL carries a password; give it"
                + " as password: ${env:NAME}",
            "shop/sources.yaml:11: sources[1].connection.seed: seed: creates a database on the"
                + " mesh's own server (with database:); a server of its own is never written to");
    assertThat(e.getMessage()).doesNotContain("hunter2");
  }

  @Test
  void aKafkaSourceNamesItsTopicsAndOptionallyItsCluster() {
    DomainSources sources =
        parse(
            """
            apiVersion: datamesh.io/v1
            kind: Sources
            sources:
              - name: events
                type: kafka
                namespace: raw.web
                tables:
                  - name: clicks
                    columns: [ { name: id, type: long } ]
                  - name: views
                    topic: web-views-v2
                    on_bad_record: skip
                    partitions: 3
                    seed: data/views.jsonl
              - name: partner
                type: kafka
                connection: { bootstrap_servers: "k1.partner:9092,k2.partner:9092" }
                tables:
                  - name: orders
            """);
    SourceSpec clicks = sources.table("events", "clicks").orElseThrow();
    assertThat(clicks.type()).isEqualTo(SourceType.KAFKA);
    assertThat(clicks.kafka()).isEqualTo(new KafkaTopic(null, "raw.web.clicks", false, null, 1));
    assertThat(clicks.dataset()).isEqualTo(new Dataset("raw.web", "clicks"));
    assertThat(sources.table("events", "views").orElseThrow().kafka())
        .isEqualTo(
            new KafkaTopic(null, "web-views-v2", true, Path.of("/mesh/shop/data/views.jsonl"), 3));
    KafkaTopic orders = sources.table("partner", "orders").orElseThrow().kafka();
    assertThat(orders.topic()).isEqualTo("orders");
    assertThat(orders.lineageNamespace()).isEqualTo("kafka://k1.partner:9092");
    assertThat(new KafkaTopic(null, "t", false, null, 1).withDefaultServers("localhost:9092"))
        .isEqualTo(new KafkaTopic("localhost:9092", "t", false, null, 1));
  }

  @Test
  void aKafkaSourceWithABadClusterTopicOrColumnIsAnError() {
    ContractException e =
        catchThrowableOfType(
            ContractException.class,
            () ->
                parse(
                    """
                    apiVersion: datamesh.io/v1
                    kind: Sources
                    sources:
                      - name: events
                        type: kafka
                        connection: { bootstrap_servers: "kafka.internal" }
                        tables:
                          - name: clicks
                            topic: "web clicks"
                            on_bad_record: ignore
                            columns: [ { name: _offset, type: long } ]
                            path: data/clicks.jsonl
                    """));
    assertThat(e.problems())
        .extracting(ContractProblem::toString)
        .containsExactly(
            "shop/sources.yaml:6: sources[0].connection.bootstrap_servers: expected host:port pairs"
                + " separated by commas, e.g. kafka-1.internal:9092,kafka-2.internal:9092",
            "shop/sources.yaml:9: sources[0].tables[0].topic: invalid topic 'web clicks' (letters,"
                + " digits and . _ -, at most 249)",
            "shop/sources.yaml:10: sources[0].tables[0].on_bad_record: unknown on_bad_record"
                + " 'ignore' (expected fail or skip)",
            "shop/sources.yaml:11: sources[0].tables[0].columns: _offset is a column every staged"
                + " record gets; name the column otherwise",
            "shop/sources.yaml:12: sources[0].tables[0].path: unknown key 'path' (allowed: columns,"
                + " description, name, on_bad_record, partitions, seed, topic)");
  }
}
