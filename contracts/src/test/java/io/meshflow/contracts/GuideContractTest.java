package io.meshflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.Dataset;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.SourceType;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's contract and model, verbatim (examples/guide), and each of their features going wrong
 * in a copy: the model's config meta against the contract, source declarations, time zones, the
 * model found by convention, the fields a model returns.
 */
class GuideContractTest {
  static final Path GUIDE = Path.of("../examples/guide");

  @TempDir Path repo;

  /** A copy of the guide's repository in which {@code edit} changes one file. */
  private Path copy() throws IOException {
    try (var files = Files.walk(GUIDE)) {
      for (Path p : files.toList()) {
        Path to = repo.resolve(GUIDE.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(to);
        else Files.copy(p, to);
      }
    }
    return repo;
  }

  private void edit(String file, String from, String to) throws IOException {
    Path p = repo.resolve(file);
    String text = Files.readString(p);
    assertThat(text).contains(from);
    Files.writeString(p, text.replace(from, to));
  }

  private List<String> problems() {
    return new MeshLoader()
        .check(repo).problems().stream()
            .filter(ContractProblem::isError)
            .map(ContractProblem::toString)
            .toList();
  }

  private static final String CONTRACT = "domains/orders/data-product-contract.yaml";
  private static final String MODEL = "domains/orders/models/order_events.sql";
  private static final String SOURCES = "domains/orders/sources.yaml";

  @Test
  void theGuidesContractReadsWithAMeaningForEveryLine() {
    Mesh mesh = new MeshLoader().load(GUIDE);
    DataProductContract c = mesh.products().iterator().next();
    assertThat(c.id().toString()).isEqualTo("orders.order_events");
    assertThat(c.version().toString()).isEqualTo("2.1.0");
    assertThat(c.transform().displayPath()).isEqualTo("models/order_events.sql");
    assertThat(c.fields())
        .extracting(f -> f.name() + " " + f.type().contractName() + " " + f.timezone())
        .containsExactly(
            "order_id string null", "event_ts timestamp UTC", "customer_id string null");
    assertThat(FieldSpec.timezoneOf(c.fields())).isEqualTo("UTC");
    assertThat(c.exactSchema()).isFalse();
    assertThat(c.source().type()).isEqualTo(SourceType.KAFKA);
    assertThat(c.source().dataset()).isEqualTo(new Dataset("raw.kafka", "order_events"));
    // the topic is the namespace and the table's name; no cluster named: the platform's
    assertThat(c.source().kafka().topic()).isEqualTo("raw.kafka.order_events");
    assertThat(c.source().kafka().bootstrapServers()).isNull();
    assertThat(c.source().kafka().seed())
        .isEqualTo(
            GUIDE.resolve("domains/orders/data/order_events.jsonl").toAbsolutePath().normalize());
    assertThat(c.source().kafka().skipBadRecords()).isFalse();
    assertThat(c.source().columns())
        .extracting(col -> col.name() + " " + col.type().contractName())
        .containsExactly(
            "order_id string",
            "customer_id string",
            "event_ts timestamp",
            "status string",
            "amount decimal");
    assertThat(c.lineage().upstream()).isEmpty();
    assertThat(c.lineage().external()).containsExactly(new Dataset("raw.kafka", "order_events"));
    assertThat(c.lineage().downstream())
        .extracting(Object::toString)
        .containsExactly("analytics.order_facts", "billing.order_aggregates");
    assertThat(c.checks()).hasSize(2);
    assertThat(c.checks().get(1).minValue()).isEqualTo("2023-01-01");
    assertThat(c.checks().get(1).maxValue()).isEqualTo("2025-12-31");
  }

  @Test
  void eachMetaKeyThatContradictsTheContractIsAnErrorNamingBothLines() throws IOException {
    copy();
    edit(MODEL, "\"product\": \"order_events\"", "\"product\": \"order_facts\"");
    edit(MODEL, "\"version\": \"2.1.0\"", "\"version\": \"2.0.0\"");
    edit(MODEL, "\"sla_freshness\": \"15m\"", "\"sla_freshness\": \"900s\"");
    edit(MODEL, "\"pii_fields\": [\"customer_id\"]", "\"pii_fields\": [\"order_id\"]");
    String f = "domains/orders/data-product-contract.yaml";
    assertThat(problems())
        .containsExactly(
            f
                + ":5: metadata.name: models/order_events.sql line 3: config meta.product names the"
                + " product 'order_facts', the contract orders.order_events",
            f
                + ":7: metadata.version: models/order_events.sql line 4: config meta.version says"
                + " version '2.0.0', the contract 2.1.0",
            f
                + ":16: spec.schema.fields: models/order_events.sql line 6: config meta.pii_fields lists the"
                + " PII fields [order_id], the contract marks [customer_id] with pii: true");
  }

  @Test
  void aFreshnessIsComparedAsADuration() throws IOException {
    copy();
    edit(MODEL, "\"sla_freshness\": \"15m\"", "\"sla_freshness\": \"900s\"");
    assertThat(problems()).isEmpty();
    edit(MODEL, "\"sla_freshness\": \"900s\"", "\"sla_freshness\": \"1h\"");
    assertThat(problems())
        .containsExactly(
            CONTRACT
                + ":11: spec.sla.freshness: models/order_events.sql line 5: config meta.sla_freshness"
                + " says a freshness of '1h', the contract 15m");
  }

  @Test
  void aConfigThatDoesNotParseOrSaysWhatMeshflowCannotDoIsAnErrorWithItsLine() throws IOException {
    copy();
    edit(MODEL, "\"pii_fields\": [\"customer_id\"]", "\"pii_fields\": [\"customer_id\"");
    assertThat(problems())
        .containsExactly(
            CONTRACT
                + ":9: spec.transform.sql: models/order_events.sql line 7: cannot parse {{ config(…)"
                + " }}: expected ','");
    edit(MODEL, "[\"customer_id\"", "[\"customer_id\"]");
    edit(MODEL, "materialized='table'", "materialized='view'");
    assertThat(problems())
        .containsExactly(
            CONTRACT
                + ":9: spec.transform.sql: models/order_events.sql line 2: materialized='view'"
                + " is not a materialization Meshflow builds (expected 'table' or 'incremental')");
    // incremental merges by the primary key: the guide's order_id has one; without it, an error
    edit(MODEL, "materialized='view'", "materialized='incremental'");
    assertThat(problems()).isEmpty();
    edit(
        CONTRACT,
        "constraints: { primary_key: true, null: false }",
        "constraints: { null: false }");
    assertThat(problems())
        .containsExactly(
            CONTRACT
                + ":16: spec.schema.fields: models/order_events.sql line 2:"
                + " materialized='incremental' merges each run's rows into the product by its"
                + " primary key, and the contract declares none (constraints: { primary_key: true })");
    edit(
        CONTRACT,
        "constraints: { null: false }",
        "constraints: { primary_key: true, null: false }");
    edit(MODEL, "materialized='incremental'", "materialized='table', schema='x'");
    assertThat(problems())
        .containsExactly(
            CONTRACT
                + ":9: spec.transform.sql: models/order_events.sql line 2: config() has no argument"
                + " 'schema' (expected materialized, meta)");
  }

  @Test
  void aSourceThatIsNotDeclaredOrBadlyDeclaredIsAnError() throws IOException {
    copy();
    edit(MODEL, "source('raw_kafka', 'order_events')", "source('raw_kafka', 'orders')");
    assertThat(problems())
        .containsExactly(
            CONTRACT
                + ":9: spec.transform.sql: models/order_events.sql line 16: source('raw_kafka',"
                + " 'orders') is not declared: source raw_kafka in domains/orders/sources.yaml has"
                + " the tables order_events");
    edit(MODEL, "source('raw_kafka', 'orders')", "source('raw_kafka', 'order_events')");
    edit(
        SOURCES,
        "seed: data/order_events.jsonl",
        "seed: data/order_events.jsonl\n        partitions: 0");
    edit(SOURCES, "- { name: status, type: string }", "- { name: _ingestion_ts, type: timestamp }");
    assertThat(problems())
        .containsExactly(
            "domains/orders/sources.yaml:19: sources[0].tables[0].partitions: partitions must be a"
                + " whole number from 1 to 1000, got 0",
            "domains/orders/sources.yaml:24: sources[0].tables[0].columns[3].name: _ingestion_ts is"
                + " the column every staged row gets; name the column otherwise");
    Files.delete(repo.resolve(SOURCES));
    assertThat(problems())
        .containsExactly(
            CONTRACT
                + ":9: spec.transform.sql: models/order_events.sql line 16: source('raw_kafka',"
                + " 'order_events') is not declared: domains/orders/sources.yaml declares no"
                + " sources");
  }

  @Test
  void timeZonesMustExistAndBeOnePerProductOnTimestamps() throws IOException {
    copy();
    edit(CONTRACT, "timezone: \"UTC\"", "timezone: \"UTC+2\"");
    edit(
        CONTRACT,
        "constraints: { pii: true, masking: \"hash\" }",
        "constraints: { pii: true, masking: \"hash\", timezone: UTC }");
    assertThat(problems())
        .containsExactly(
            CONTRACT
                + ":21: spec.schema.fields[1].constraints.timezone: unknown time zone 'UTC+2'"
                + " (expected an IANA name such as UTC or Europe/Paris)",
            CONTRACT
                + ":24: spec.schema.fields[2].constraints.timezone: timezone applies to timestamp"
                + " fields only, not to string");
  }

  @Test
  void aModelFoundByConventionIsNamedWhenMissing() throws IOException {
    copy();
    Files.delete(repo.resolve(MODEL));
    assertThat(problems())
        .containsExactly(
            CONTRACT
                + ":9: spec.transform.sql: no SQL model: neither models/order_events.sql nor"
                + " order_events.sql exists beside the contract (or name the file in"
                + " spec.transform.sql)");
  }

  @Test
  void aFieldTheModelDoesNotReturnIsAnError() throws IOException {
    copy();
    edit(MODEL, "  MD5(customer_id)::VARCHAR AS customer_id,\n", "");
    assertThat(problems())
        .containsExactly(
            CONTRACT
                + ":15: spec.schema.fields: models/order_events.sql returns no column customer_id of"
                + " the contract's fields");
  }

  @Test
  void anExactSchemaRefusesTheColumnsASubsetOnlyWarnsAbout() throws IOException {
    copy();
    edit(CONTRACT, "    type: \"avro\"\n", "    type: \"avro\"\n    enforced: exact\n");
    assertThat(problems())
        .containsExactly(
            CONTRACT
                + ":16: spec.schema.fields: models/order_events.sql returns status, amount, which the"
                + " contract does not list, and its schema is enforced: exact");
    edit(CONTRACT, "    enforced: exact\n", "    enforced: everything\n");
    assertThat(problems())
        .containsExactly(
            CONTRACT
                + ":15: spec.schema.enforced: unknown enforcement 'everything' (expected subset or"
                + " exact)");
  }

  @Test
  void anUpstreamDatasetThatIsNotTheSourceReadIsAWarning() throws IOException {
    copy();
    edit(CONTRACT, "[\"raw.kafka.order_events\"]", "[\"raw.kafka.order_evts\"]");
    ContractProblem warning =
        new MeshLoader()
            .check(repo).problems().stream()
                .filter(p -> !p.isError() && p.yamlPath().equals("spec.lineage.upstream"))
                .findFirst()
                .orElseThrow();
    assertThat(warning.toString())
        .isEqualTo(
            CONTRACT
                + ":34: spec.lineage.upstream: warning: upstream dataset raw.kafka.order_evts is not"
                + " the source the model reads (raw.kafka.order_events); lineage records it as an"
                + " input all the same");
    assertThat(catchThrowableOfType(ContractException.class, () -> new MeshLoader().load(repo)))
        .isNull();
  }
}
