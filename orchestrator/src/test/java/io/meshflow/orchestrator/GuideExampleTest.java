package io.meshflow.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.orchestrator.cli.CommandRunner;
import io.meshflow.orchestrator.cli.CommandRunner.Result;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's own example (examples/guide: its contract byte for byte, its dbt-style model, a
 * source declaration and sample events) validated, compiled and published as a new user would, on
 * the embedded stack; then its published rows and its lineage read back.
 */
class GuideExampleTest {
  static final Path GUIDE = Path.of("../examples/guide");

  @TempDir Path home;

  private MeshflowProperties properties() {
    return new MeshflowProperties(
        home, Path.of("../domains"), Path.of("../governance"), null, null, null);
  }

  private Result run(String... args) {
    return CommandRunner.run(properties(), args);
  }

  @Test
  void theGuidesContractIsTheGuidesTextByteForByte() throws Exception {
    Path reference = Path.of("../../shared/reference/data-mesh-guide.txt");
    // the guide lives beside the repository, not in it: a clone without it skips this
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(reference));
    List<String> guide = Files.readAllLines(reference);
    String contract = String.join("\n", guide.subList(89, 127)) + "\n";
    assertThat(Files.readString(GUIDE.resolve("domains/orders/data-product-contract.yaml")))
        .isEqualTo(contract);
    String model = String.join("\n", guide.subList(230, 257)) + "\n";
    assertThat(Files.readString(GUIDE.resolve("domains/orders/models/order_events.sql")))
        .isEqualTo(model);
  }

  @Test
  void validateCompileAndPublishTheGuidesProductAsWritten() throws Exception {
    Result validate = run("validate", GUIDE.toString());
    assertThat(validate.exitCode()).as(validate.out() + validate.err()).isZero();
    assertThat(validate.out().lines().toList())
        .containsExactly(
            "domains/orders/data-product-contract.yaml:15: spec.schema.fields: warning:"
                + " models/order_events.sql returns status, amount, which the contract does not"
                + " list: they are not published (list them in spec.schema.fields to publish them)",
            "domains/orders/data-product-contract.yaml:35: spec.lineage.downstream[0]: warning:"
                + " declared downstream product 'analytics.order_facts' has no contract in this mesh",
            "domains/orders/data-product-contract.yaml:35: spec.lineage.downstream[1]: warning:"
                + " declared downstream product 'billing.order_aggregates' has no contract in this"
                + " mesh",
            "",
            "1 contract checked: 0 errors, 3 warnings");

    Result compile = run("compile", "orders.order_events", "--mesh", GUIDE.toString());
    assertThat(compile.exitCode()).as(compile.err()).isZero();
    assertThat(compile.out().lines().toList())
        .containsExactly(
            "-- orders.order_events 2.1.0: domains/orders/models/order_events.sql, compiled",
            "-- source('raw_kafka', 'order_events') is \"meshflow_staging_orders\".\"s_run_src\","
                + " the run's staging table (here for a run keyed 'run')",
            "-- runs in time zone UTC (constraints.timezone)",
            "WITH raw AS (SELECT order_id, customer_id, event_ts AT TIME ZONE 'UTC' AS event_ts,"
                + " status, amount FROM \"meshflow_staging_orders\".\"s_run_src\" WHERE"
                + " _ingestion_ts >= NOW() - INTERVAL '15 minutes') SELECT order_id, customer_id,"
                + " event_ts, status, amount FROM (SELECT order_id::VARCHAR AS order_id,"
                + " MD5(customer_id)::VARCHAR AS customer_id, event_ts::TIMESTAMP AS event_ts,"
                + " status::VARCHAR AS status, amount::DECIMAL (10, 2) AS amount, ROW_NUMBER() OVER"
                + " (PARTITION BY order_id ORDER BY event_ts DESC) AS mf_window_1 FROM raw) AS"
                + " mf_windowed WHERE mf_window_1 = 1");

    Result publish = run("publish", "--all", "--mesh", GUIDE.toString());
    assertThat(publish.exitCode()).as(publish.out() + publish.err()).isZero();
    assertThat(publish.out())
        .containsPattern("orders\\.order_events +SUCCEEDED +104 +40 +2 passed ");

    // the latest event of each order, customer_id hashed twice (the model's MD5, then masking)
    Map<String, String[]> latest = latestEvents();
    try (MeshStack stack =
        new StackLauncher(properties()).forCommand(new StackLauncher.Needs(false, Set.of()))) {
      var jdbi = stack.warehouse().jdbi();
      List<String> columns =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT column_name FROM information_schema.columns WHERE table_schema ="
                              + " 'orders' AND table_name = 'order_events' ORDER BY"
                              + " ordinal_position")
                      .mapTo(String.class)
                      .list());
      assertThat(columns).containsExactly("order_id", "event_ts", "customer_id");
      Map<String, String> published = new TreeMap<>();
      jdbi.useHandle(
          h ->
              h.createQuery(
                      "SELECT order_id, to_char(event_ts AT TIME ZONE 'UTC',"
                          + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS ts, customer_id FROM"
                          + " orders.order_events")
                  .map(
                      (rs, ctx) ->
                          Map.entry(rs.getString(1), rs.getString(2) + " " + rs.getString(3)))
                  .forEach(e -> published.put(e.getKey(), e.getValue())));
      Map<String, String> expected = new TreeMap<>();
      latest.forEach(
          (order, event) -> expected.put(order, event[0] + " " + sha256Hex(md5Hex(event[1]))));
      assertThat(published).hasSize(40).isEqualTo(expected);

      // the contract's roles and PII-RED-ACT: an analyst reads the secured view, customer_id
      // redacted and the rest intact; the table itself is not theirs to read
      jdbi.useHandle(h -> h.execute("CREATE ROLE guide_analyst LOGIN IN ROLE mesh_analyst"));
      org.postgresql.ds.PGSimpleDataSource analyst = new org.postgresql.ds.PGSimpleDataSource();
      analyst.setUrl(stack.jdbcUrl());
      analyst.setUser("guide_analyst");
      var asAnalyst = org.jdbi.v3.core.Jdbi.create(analyst);
      String seen =
          asAnalyst.withHandle(
              h ->
                  h.createQuery(
                          "SELECT count(*) FILTER (WHERE customer_id IS NULL) || ' of ' ||"
                              + " count(*) || ', ' || count(DISTINCT order_id) FROM"
                              + " orders.order_events__secured")
                      .mapTo(String.class)
                      .one());
      assertThat(seen).isEqualTo("40 of 40, 40");
      Throwable denied =
          org.assertj.core.api.Assertions.catchThrowable(
              () ->
                  asAnalyst.withHandle(
                      h -> h.createQuery("SELECT 1 FROM orders.order_events").mapToMap().list()));
      assertThat(denied).hasMessageContaining("permission denied for table order_events");

      // lineage: the input is the topic as OpenLineage names it, traced to the columns
      String kafka = "kafka://localhost:" + Files.readString(home.resolve("kafka.port")).strip();
      List<String> inputs =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT dataset_namespace || ' ' || dataset_name FROM"
                              + " meshflow.lineage_edges WHERE direction = 'IN' AND job_name ="
                              + " 'orders.order_events'")
                      .mapTo(String.class)
                      .list());
      assertThat(inputs).containsExactly(kafka + " raw.kafka.order_events");
      List<String> columnLineage =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT column_name || ' <- ' || input_dataset_namespace || ' '"
                              + " || input_dataset_name || ' ' || input_column_name FROM"
                              + " meshflow.column_lineage WHERE dataset_name LIKE"
                              + " '%orders.order_events' ORDER BY 1")
                      .mapTo(String.class)
                      .list());
      assertThat(columnLineage)
          .containsExactly(
              "customer_id <- " + kafka + " raw.kafka.order_events customer_id",
              "event_ts <- " + kafka + " raw.kafka.order_events event_ts",
              "order_id <- " + kafka + " raw.kafka.order_events order_id");
    }
  }

  @Test
  void aSecondPublishTakesOnlyTheEventsAppendedToTheTopicSince() throws Exception {
    Result first = run("publish", "--all", "--mesh", GUIDE.toString());
    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(first.out())
        .contains(
            "kafka: created topic raw.kafka.order_events, seeded with 104 events from",
            "orders.order_events: topic raw.kafka.order_events: offsets 0:[0,104) (104 records)")
        .containsPattern("orders\\.order_events +SUCCEEDED +104 +40 +2 passed ");

    Result again = run("publish", "--all", "--mesh", GUIDE.toString());
    assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
    assertThat(again.out())
        .doesNotContain("kafka: created topic")
        .contains(
            "orders.order_events: nothing new on topic raw.kafka.order_events since the last"
                + " publish (offsets 0:[104,104)); the published table is unchanged")
        .containsPattern("orders\\.order_events +SUCCEEDED +0 +0 +- ");
    assertThat(publishedOrders()).hasSize(40);

    Path more = GUIDE.resolve("domains/orders/data/more_order_events.jsonl");
    Result produce =
        run(
            "produce",
            "raw_kafka.order_events",
            "--from",
            more.toString(),
            "--mesh",
            GUIDE.toString());
    assertThat(produce.exitCode()).as(produce.out() + produce.err()).isZero();
    assertThat(produce.out())
        .containsPattern("appended 6 events to topic raw.kafka.order_events at localhost:[0-9]+");

    Result third = run("publish", "--all", "--mesh", GUIDE.toString());
    assertThat(third.exitCode()).as(third.out() + third.err()).isZero();
    assertThat(third.out())
        .contains(
            "orders.order_events: topic raw.kafka.order_events: offsets 0:[104,110) (6 records)")
        .containsPattern("orders\\.order_events +SUCCEEDED +6 +4 +2 passed ");
    // the model (materialized='table') builds the table from the run's batch: the latest event of
    // each order among the six new ones
    assertThat(publishedOrders())
        .containsExactly(
            "ORD-000009 2025-03-30T11:30:00Z",
            "ORD-000041 2025-03-30T10:05:00Z",
            "ORD-000042 2025-03-30T12:45:00Z",
            "ORD-000043 2025-03-30T12:02:00Z");
  }

  private List<String> publishedOrders() {
    try (MeshStack stack =
        new StackLauncher(properties()).forCommand(new StackLauncher.Needs(false, Set.of()))) {
      return stack
          .warehouse()
          .jdbi()
          .withHandle(
              h ->
                  h.createQuery(
                          "SELECT order_id || ' ' || to_char(event_ts AT TIME ZONE 'UTC',"
                              + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM orders.order_events"
                              + " ORDER BY order_id")
                      .mapTo(String.class)
                      .list());
    }
  }

  @Test
  void checkResultsAsGreatExpectationsResultsAndTheChecksAsASuite() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    Result publish = run("publish", "--all", "--mesh", GUIDE.toString(), "--json");
    assertThat(publish.exitCode()).as(publish.err()).isZero();
    assertThat(publish.err()).contains("orders.order_events", "SUCCEEDED");
    var runs = json.readTree(publish.out()).get("runs");
    assertThat(runs).hasSize(1);
    var run = runs.get(0);
    assertThat(run.at("/run/status").asText()).isEqualTo("SUCCEEDED");
    var notNull = run.at("/checks/0/great_expectations");
    assertThat(notNull.at("/success").asBoolean()).isTrue();
    assertThat(notNull.at("/expectation_config/type").asText())
        .isEqualTo("expect_column_values_to_not_be_null");
    assertThat(notNull.at("/expectation_config/kwargs").toString())
        .isEqualTo("{\"column\":\"order_id\",\"mostly\":0.99}");
    assertThat(notNull.at("/result").toString())
        .isEqualTo(
            "{\"element_count\":40,\"unexpected_count\":0,\"unexpected_percent\":0.0,"
                + "\"partial_unexpected_list\":[]}");
    assertThat(notNull.at("/exception_info/raised_exception").asBoolean()).isFalse();

    Result show = run("runs", "show", run.at("/run/runId").asText(), "--json");
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(json.readTree(show.out())).isEqualTo(run);

    Result export =
        run(
            "export",
            "orders.order_events",
            "--format",
            "great-expectations",
            "--mesh",
            GUIDE.toString());
    assertThat(export.exitCode()).as(export.err()).isZero();
    var suite = json.readTree(export.out());
    assertThat(suite.at("/name").asText()).isEqualTo("orders.order_events.v2.1.0");
    assertThat(suite.at("/expectations/1/type").asText())
        .isEqualTo("expect_column_values_to_be_between");
    assertThat(suite.at("/expectations/1/kwargs").toString())
        .isEqualTo(
            "{\"column\":\"event_ts\",\"min_value\":\"2023-01-01\",\"max_value\":\"2025-12-31\","
                + "\"strict_min\":false,\"strict_max\":false}");
  }

  /** Each order's latest event in the sample: its time and its raw customer id. */
  private static Map<String, String[]> latestEvents() throws Exception {
    Map<String, String[]> latest = new TreeMap<>();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (String line :
        Files.readAllLines(GUIDE.resolve("domains/orders/data/order_events.jsonl"))) {
      var event = json.readTree(line);
      String order = event.get("order_id").asText();
      String ts = event.get("event_ts").asText();
      String[] known = latest.get(order);
      if (known == null || ts.compareTo(known[0]) > 0) {
        latest.put(order, new String[] {ts, event.get("customer_id").asText()});
      }
    }
    return latest;
  }

  private static String md5Hex(String text) {
    return digest("MD5", text);
  }

  private static String sha256Hex(String text) {
    return digest("SHA-256", text);
  }

  private static String digest(String algorithm, String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
