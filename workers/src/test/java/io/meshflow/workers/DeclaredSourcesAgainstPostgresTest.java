package io.meshflow.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.model.Dataset;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SourceColumn;
import io.meshflow.contracts.model.SourceType;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workers.activities.ExtractActivitiesImpl;
import io.meshflow.workers.activities.TransformActivitiesImpl;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.ExtractRequest;
import io.meshflow.workflows.activities.ExtractResult;
import io.meshflow.workflows.activities.TransformRequest;
import io.meshflow.workflows.run.SourcePlan;
import io.temporal.failure.ApplicationFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source tables declared in a domain's sources.yaml, staged typed and stamped with their ingestion
 * time; a model that returns more than its fields; a contract's time zone. Real PostgreSQL.
 */
class DeclaredSourcesAgainstPostgresTest {
  static EmbeddedPostgres postgres;
  static Warehouse warehouse;

  static final ProductId PRODUCT = ProductId.parse("orders.order_events");
  static final List<SourceColumn> COLUMNS =
      List.of(
          new SourceColumn(SqlIdentifier.of("order_id"), FieldType.STRING),
          new SourceColumn(SqlIdentifier.of("event_ts"), FieldType.TIMESTAMP),
          new SourceColumn(SqlIdentifier.of("amount"), FieldType.DECIMAL));
  static final Dataset DATASET = new Dataset("raw.kafka", "order_events");

  @TempDir Path dir;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
    warehouse = new Warehouse(postgres.getPostgresDatabase());
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  private ExtractResult extract(String runId, SourceType type, Path file) {
    return new ExtractActivitiesImpl(warehouse)
        .extract(
            new ExtractRequest(
                runId,
                PRODUCT,
                new SourcePlan(type, file.toString(), ',', COLUMNS, DATASET, null, null),
                dir.toString()));
  }

  private static List<Map<String, Object>> rows(String sql) {
    return warehouse.jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
  }

  @Test
  void jsonDocumentsAreFlattenedIntoTheDeclaredTypedColumnsAndStampedWhenRead() throws Exception {
    Path file = dir.resolve("events.jsonl");
    Files.writeString(
        file,
        """
        {"order_id": "A1", "event_ts": "2025-03-01T10:00:00Z", "amount": 12.5, "extra": true}
        {"order_id": "B2", "event_ts": "2025-03-01T12:30:00+02:00", "amount": "7"}
        {"order_id": "C3"}
        """);
    ExtractResult staged = extract("run-jsonl", SourceType.JSONL, file);
    assertThat(staged.rows()).isEqualTo(3);
    assertThat(
            rows(
                "SELECT column_name || ' ' || data_type AS c FROM information_schema.columns WHERE"
                    + " table_schema || '.' || table_name = '"
                    + staged.table().replace("\"", "")
                    + "' ORDER BY ordinal_position"))
        .extracting(r -> r.get("c"))
        .containsExactly(
            "order_id text",
            "event_ts timestamp with time zone",
            "amount numeric",
            "_ingestion_ts timestamp with time zone");
    assertThat(
            rows(
                "SELECT order_id, to_char(event_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS ts,"
                    + " amount::text AS amount, _ingestion_ts > now() - interval '1 minute' AS recent"
                    + " FROM "
                    + staged.table()
                    + " ORDER BY order_id"))
        .containsExactly(
            Map.of("order_id", "A1", "ts", "2025-03-01 10:00", "amount", "12.5", "recent", true),
            Map.of("order_id", "B2", "ts", "2025-03-01 10:30", "amount", "7", "recent", true),
            new java.util.HashMap<>(Map.of("order_id", "C3", "recent", true)) {
              {
                put("ts", null);
                put("amount", null);
              }
            });
    assertThat(rows("SELECT count(*) AS n FROM pg_tables WHERE tablename LIKE 's_runjsonl_raw'"))
        .containsExactly(Map.of("n", 0L));
  }

  @Test
  void aValueThatIsNotItsDeclaredTypeFailsTheExtractWithoutRetry() throws Exception {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(file, "{\"order_id\": \"A1\", \"event_ts\": \"yesterday-ish\"}\n");
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> extract("run-bad", SourceType.JSONL, file));
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("invalid input syntax for type timestamp with time zone: \"yesterday-ish\"");
  }

  @Test
  void aCsvHeaderTypesTheDeclaredColumnsAndMustHoldThem() throws Exception {
    Path file = dir.resolve("events.csv");
    Files.writeString(file, "order_id,amount,event_ts,note\nA1,3.25,2025-03-01T10:00:00Z,hi\n");
    ExtractResult staged = extract("run-csv", SourceType.CSV, file);
    assertThat(
            rows(
                "SELECT pg_typeof(amount)::text AS amount, pg_typeof(note)::text AS note,"
                    + " pg_typeof(_ingestion_ts)::text AS ingested FROM "
                    + staged.table()))
        .containsExactly(
            Map.of("amount", "numeric", "note", "text", "ingested", "timestamp with time zone"));
    Path missing = dir.resolve("missing.csv");
    Files.writeString(missing, "order_id,amount\nA1,3\n");
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> extract("run-missing", SourceType.CSV, missing));
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "source file "
                + missing
                + " has no column 'event_ts' in its header, which its source declaration lists");
    Path reserved = dir.resolve("reserved.csv");
    Files.writeString(reserved, "order_id,event_ts,amount,_ingestion_ts\nA1,2025-03-01,1,x\n");
    assertThat(
            catchThrowableOfType(
                    ApplicationFailure.class,
                    () -> extract("run-reserved", SourceType.CSV, reserved))
                .getOriginalMessage())
        .isEqualTo(
            "source file "
                + reserved
                + ": header column 4 is named _ingestion_ts, the column Meshflow adds to every"
                + " staged row");
  }

  @Test
  void aSourcesOwnColumnNamesAreMappedToIdentifiersAsDeclared() throws Exception {
    List<SourceColumn> columns =
        List.of(
            new SourceColumn(SqlIdentifier.of("order_id"), FieldType.STRING, "Order ID"),
            new SourceColumn(SqlIdentifier.of("amount"), FieldType.DECIMAL, "Total \"EUR\""));
    Path csv = dir.resolve("named.csv");
    Files.writeString(csv, "Order ID,\"Total \"\"EUR\"\"\",Note\nA1,3.5,x\n");
    Path jsonl = dir.resolve("named.jsonl");
    Files.writeString(jsonl, "{\"Order ID\": \"B2\", \"Total \\\"EUR\\\"\": 7}\n");
    var extract = new ExtractActivitiesImpl(warehouse);
    ExtractResult fromCsv =
        extract.extract(
            new ExtractRequest(
                "run-named-csv",
                PRODUCT,
                new SourcePlan(SourceType.CSV, csv.toString(), ',', columns, DATASET, null, null),
                dir.toString()));
    assertThat(rows("SELECT order_id, amount::text AS amount, note FROM " + fromCsv.table()))
        .containsExactly(Map.of("order_id", "A1", "amount", "3.5", "note", "x"));
    ExtractResult fromJson =
        extract.extract(
            new ExtractRequest(
                "run-named-json",
                PRODUCT,
                new SourcePlan(
                    SourceType.JSONL, jsonl.toString(), ',', columns, DATASET, null, null),
                dir.toString()));
    assertThat(rows("SELECT order_id, amount::text AS amount FROM " + fromJson.table()))
        .containsExactly(Map.of("order_id", "B2", "amount", "7"));
  }

  private static FieldSpec field(String name, FieldType type, String zone) {
    return new FieldSpec(SqlIdentifier.of(name), type, null, false, true, false, null, zone);
  }

  @Test
  void aModelReturningMoreThanItsFieldsPublishesTheFieldsUnlessTheSchemaIsExact() {
    List<FieldSpec> fields = List.of(field("order_id", FieldType.STRING, null));
    String model = "SELECT 'A1' AS order_id, 42 AS status";
    var transform = new TransformActivitiesImpl(warehouse);
    var subset =
        transform.transform(
            new TransformRequest(
                "run-subset", PRODUCT, model, null, fields, false, null, null, -1, false));
    assertThat(rows("SELECT * FROM " + subset.table())).containsExactly(Map.of("order_id", "A1"));
    ApplicationFailure exact =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                transform.transform(
                    new TransformRequest(
                        "run-exact", PRODUCT, model, null, fields, false, null, null, -1, true)));
    assertThat(exact.getOriginalMessage())
        .isEqualTo(
            "the model of orders.order_events does not match its contract's schema"
                + " (spec.schema.fields):\n"
                + "  - unexpected column 'status' (model type int4; not in the contract)");
  }

  @Test
  void timestampsWithoutAZoneAreReadInTheContractsZone() {
    List<FieldSpec> fields =
        List.of(
            field("local", FieldType.TIMESTAMP, "Europe/Paris"),
            field("text", FieldType.TIMESTAMP, "Europe/Paris"),
            field("instant", FieldType.TIMESTAMP, "Europe/Paris"));
    String model =
        "SELECT TIMESTAMP '2025-01-15 12:00:00' AS local, '2025-07-15 12:00:00' AS text,"
            + " TIMESTAMPTZ '2025-01-15 12:00:00+00' AS instant";
    var out =
        new TransformActivitiesImpl(warehouse)
            .transform(
                new TransformRequest(
                    "run-zone", PRODUCT, model, null, fields, false, null, null, -1, true));
    assertThat(
            rows(
                "SELECT to_char(local AT TIME ZONE 'UTC', 'HH24:MI') AS local,"
                    + " to_char(text AT TIME ZONE 'UTC', 'HH24:MI') AS text,"
                    + " to_char(instant AT TIME ZONE 'UTC', 'HH24:MI') AS instant FROM "
                    + out.table()))
        .containsExactly(Map.of("local", "11:00", "text", "10:00", "instant", "12:00"));
  }
}
