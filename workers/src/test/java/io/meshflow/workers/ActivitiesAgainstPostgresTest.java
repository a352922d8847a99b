package io.meshflow.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.Masking;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SourceType;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workers.activities.ExtractActivitiesImpl;
import io.meshflow.workers.activities.PromoteActivitiesImpl;
import io.meshflow.workers.activities.TransformActivitiesImpl;
import io.meshflow.workers.activities.ValidateActivitiesImpl;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.DiscardRequest;
import io.meshflow.workflows.activities.ExtractRequest;
import io.meshflow.workflows.activities.ExtractResult;
import io.meshflow.workflows.activities.PromoteRequest;
import io.meshflow.workflows.activities.PromoteResult;
import io.meshflow.workflows.activities.TransformRequest;
import io.meshflow.workflows.activities.TransformResult;
import io.meshflow.workflows.activities.ValidateRequest;
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

/** Extract, transform and publish against a real PostgreSQL: exact rows, types and failures. */
class ActivitiesAgainstPostgresTest {
  static EmbeddedPostgres postgres;
  static Warehouse warehouse;

  static final ProductId PRODUCT = ProductId.parse("shop.orders");
  static final List<FieldSpec> FIELDS =
      List.of(
          field("order_id", FieldType.STRING, true, null),
          field("customer_id", FieldType.STRING, false, Masking.HASH),
          field("email", FieldType.STRING, false, Masking.REDACT),
          field("amount", FieldType.DECIMAL, false, null),
          field("ordered_at", FieldType.TIMESTAMP, false, null));
  static final String MODEL =
      "SELECT DISTINCT ON (order_id) order_id, customer_id, email, amount, ordered_at FROM {{ source() }}"
          + " ORDER BY order_id, ordered_at DESC";

  @TempDir Path dir;

  static FieldSpec field(String name, FieldType type, boolean key, Masking masking) {
    return new FieldSpec(SqlIdentifier.of(name), type, null, key, !key, masking != null, masking);
  }

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
    warehouse = new Warehouse(postgres.getPostgresDatabase());
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  private Path csv(String... lines) throws Exception {
    Path file = dir.resolve("orders.csv");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private ExtractResult extract(String runId, Path file) {
    return new ExtractActivitiesImpl(warehouse)
        .extract(
            new ExtractRequest(
                runId,
                PRODUCT,
                new SourcePlan(SourceType.CSV, file.toString(), ','),
                dir.toString()));
  }

  private TransformResult transform(String runId, String source, String model) {
    return new TransformActivitiesImpl(warehouse)
        .transform(
            new TransformRequest(runId, PRODUCT, model, source, FIELDS, false, null, null, -1));
  }

  private PromoteResult promote(String runId, String version) {
    return new PromoteActivitiesImpl(warehouse)
        .promote(
            new PromoteRequest(
                runId, PRODUCT, version, "unused", FIELDS, false, null, null, -1, true, null));
  }

  private static List<Map<String, Object>> rows(String sql) {
    return warehouse.jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
  }

  private Path orders() throws Exception {
    return csv(
        "order_id,customer_id,email,amount,ordered_at",
        "A1,c-1,a@x.io,10.50,2026-03-01T10:00:00Z",
        "A1,c-1,a@x.io,12.00,2026-03-01T11:00:00Z",
        "B2,c-2,\"b,with,commas@x.io\",7,2026-03-02T09:30:00Z");
  }

  @Test
  void extractStreamsEveryRowAndARetryRebuildsTheSameTable() throws Exception {
    Path file = orders();
    ExtractResult first = extract("run-extract", file);
    ExtractResult retry = extract("run-extract", file);
    assertThat(first.rows()).isEqualTo(3);
    assertThat(retry.table()).isEqualTo(first.table());
    assertThat(retry.rows()).isEqualTo(3);
    assertThat(retry.range()).isNull();
    assertThat(retry.newestIngestionMillis()).isGreaterThanOrEqualTo(first.newestIngestionMillis());
    assertThat(rows("SELECT order_id, email FROM " + first.table() + " ORDER BY order_id, amount"))
        .containsExactly(
            Map.of("order_id", "A1", "email", "a@x.io"),
            Map.of("order_id", "A1", "email", "a@x.io"),
            Map.of("order_id", "B2", "email", "b,with,commas@x.io"));
  }

  @Test
  void jsonLinesSourceLoadsOneDocumentPerLineWhateverItsCharacters() throws Exception {
    Path file = dir.resolve("events.jsonl");
    Files.writeString(
        file, "{\"id\": 1, \"note\": \"a, \\\"quoted\\\" \\\\ text\"}\n{\"id\": 2}\n");
    ExtractResult result =
        new ExtractActivitiesImpl(warehouse)
            .extract(
                new ExtractRequest(
                    "run-jsonl",
                    PRODUCT,
                    new SourcePlan(SourceType.JSONL, file.toString(), ','),
                    dir.toString()));
    assertThat(result.rows()).isEqualTo(2);
    assertThat(
            rows(
                "SELECT doc->>'id' AS id, coalesce(doc->>'note', '-') AS note FROM "
                    + result.table()
                    + " ORDER BY 1"))
        .containsExactly(
            Map.of("id", "1", "note", "a, \"quoted\" \\ text"), Map.of("id", "2", "note", "-"));
  }

  @Test
  void missingSourceFileFailsWithoutRetry() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> extract("run-missing", dir.resolve("nope.csv")));
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo("SourceNotFound");
    assertThat(failure.getOriginalMessage())
        .isEqualTo("source file of shop.orders not found: " + dir.resolve("nope.csv"));
  }

  @Test
  void headerThatIsNoColumnNameFailsWithoutRetry() throws Exception {
    Path file = csv("Order ID,amount", "1,2");
    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> extract("run-header", file));
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "source file "
                + file
                + ": header column 1 is not a valid column name"
                + " (letters, digits and '_', starting with a letter; a source declaration may map"
                + " it to one with from:)");
  }

  @Test
  void aSourceOutsideTheMeshFolderOrLinkedOutOfItIsNeverOpened() throws Exception {
    Path mesh = Files.createDirectories(dir.resolve("mesh"));
    Path outside = csv("secret", "root:x:0:0");
    Path link = Files.createSymbolicLink(mesh.resolve("linked.csv"), outside);
    for (Path file : List.of(mesh.resolve("../orders.csv"), link)) {
      ApplicationFailure failure =
          catchThrowableOfType(
              ApplicationFailure.class,
              () ->
                  new ExtractActivitiesImpl(warehouse)
                      .extract(
                          new ExtractRequest(
                              "run-outside",
                              PRODUCT,
                              new SourcePlan(SourceType.CSV, file.toString(), ','),
                              mesh.toString())));
      assertThat(failure.isNonRetryable()).isTrue();
      assertThat(failure.getType()).isEqualTo("SourceRefused");
      assertThat(failure.getOriginalMessage()).doesNotContain("root:x");
    }
    assertThat(
            catchThrowableOfType(
                    ApplicationFailure.class,
                    () ->
                        new ExtractActivitiesImpl(warehouse)
                            .extract(
                                new ExtractRequest(
                                    "run-outside",
                                    PRODUCT,
                                    new SourcePlan(SourceType.CSV, link.toString(), ','),
                                    mesh.toString())))
                .getOriginalMessage())
        .isEqualTo(
            "source file of shop.orders is a link to a file outside the mesh folder; sources are"
                + " read only from inside it");
  }

  @Test
  void transformDeduplicatesAndCastsToTheContractTypes() throws Exception {
    ExtractResult src = extract("run-transform", orders());
    TransformResult out = transform("run-transform", src.table(), MODEL);
    assertThat(out.rows()).isEqualTo(2);
    assertThat(
            rows(
                "SELECT order_id, amount::text AS amount, ordered_at::text AS ordered_at FROM "
                    + out.table()
                    + " ORDER BY 1"))
        .containsExactly(
            Map.of("order_id", "A1", "amount", "12.00", "ordered_at", "2026-03-01 11:00:00+00"),
            Map.of("order_id", "B2", "amount", "7", "ordered_at", "2026-03-02 09:30:00+00"));
    assertThat(
            rows(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema ="
                    + " 'meshflow_staging' AND table_name = 's_runtransform_out' ORDER BY ordinal_position"))
        .extracting(
            r -> r.get("column_name") + " " + r.get("data_type") + " " + r.get("is_nullable"))
        .containsExactly(
            "order_id text NO",
            "customer_id text YES",
            "email text YES",
            "amount numeric YES",
            "ordered_at timestamp with time zone YES");
  }

  @Test
  void aModelThatQualifiesOnAWindowFunctionKeepsExactlyTheRowsItsFilterKeeps() throws Exception {
    ExtractResult src = extract("run-qualify", orders());
    TransformResult out =
        transform(
            "run-qualify",
            src.table(),
            "SELECT order_id, customer_id, email, amount, ordered_at FROM {{ source() }}\n"
                + "QUALIFY ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY ordered_at DESC) = 1");
    assertThat(out.rows()).isEqualTo(2);
    assertThat(rows("SELECT order_id, amount::text AS amount FROM " + out.table() + " ORDER BY 1"))
        .containsExactly(
            Map.of("order_id", "A1", "amount", "12.00"), Map.of("order_id", "B2", "amount", "7"));
  }

  @Test
  void modelThatDoesNotMatchTheContractFailsWithThePreciseDiff() throws Exception {
    ExtractResult src = extract("run-diff", orders());
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                transform(
                    "run-diff",
                    src.table(),
                    "SELECT order_id, customer_id, email, true AS amount, 1 AS extra FROM {{ source() }}"));
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo("ContractViolation");
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "the model of shop.orders does not match its contract's schema (spec.schema.fields):\n"
                + "  - column 'amount' has type bool in the model but decimal (numeric) in the contract\n"
                + "  - missing column 'ordered_at' (contract: timestamp)\n"
                + "  - unexpected column 'extra' (model type int4; not in the contract)");
  }

  @Test
  void valueThatCannotBeCastFailsWithoutRetryAndNamesTheValue() throws Exception {
    ExtractResult src =
        extract(
            "run-cast",
            csv("order_id,customer_id,email,amount,ordered_at", "A1,c,e,ten,2026-03-01T10:00:00Z"));
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> transform("run-cast", src.table(), MODEL));
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo("SqlError");
    assertThat(failure.getOriginalMessage())
        .startsWith(
            "running the model of shop.orders: ERROR: invalid input syntax for type numeric: \"ten\"");
  }

  @Test
  void publishMasksPiiSwapsAtomicallyAndIsIdempotent() throws Exception {
    ExtractResult src = extract("run-publish", orders());
    transform("run-publish", src.table(), MODEL);
    PromoteResult published = promote("run-publish", "1.0.0");
    assertThat(published.table()).isEqualTo("\"shop\".\"orders\"");
    assertThat(published.rows()).isEqualTo(2);

    List<Map<String, Object>> rows =
        rows("SELECT order_id, customer_id, email FROM shop.orders ORDER BY order_id");
    assertThat(rows).extracting(r -> r.get("email")).containsOnlyNulls();
    assertThat(rows)
        .extracting(r -> r.get("customer_id"))
        .containsExactly(sha256("c-1"), sha256("c-2"));
    assertThat(
            rows(
                "SELECT count(*) AS n FROM shop.orders WHERE customer_id IN ('c-1', 'c-2') OR email IS NOT NULL"))
        .containsExactly(Map.of("n", 0L));
    assertThat(rows("SELECT obj_description('shop.orders'::regclass, 'pg_class') AS c"))
        .containsExactly(Map.of("c", "meshflow run run-publish version 1.0.0"));
    assertThat(
            rows(
                "SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'meshflow_staging' AND tablename LIKE 's_runpublish_%'"))
        .containsExactly(Map.of("n", 0L));

    // a retry after the commit finds its own stamp and changes nothing
    PromoteResult retried = promote("run-publish", "1.0.0");
    assertThat(retried.rows()).isEqualTo(2);
    assertThat(rows("SELECT order_id FROM shop.orders ORDER BY 1")).hasSize(2);
  }

  @Test
  void maskingWhileTransformingPublishesTheSameTableInOnePass() throws Exception {
    ExtractResult late = extract("run-mask-late", orders());
    transform("run-mask-late", late.table(), MODEL);
    promote("run-mask-late", "1.0.0");
    String maskedAtPublish = fingerprint();

    ExtractResult early = extract("run-mask-early", orders());
    TransformResult out =
        new TransformActivitiesImpl(warehouse)
            .transform(
                new TransformRequest(
                    "run-mask-early", PRODUCT, MODEL, early.table(), FIELDS, true, null, null, -1));
    assertThat(
            rows(
                "SELECT count(*) AS n FROM "
                    + out.table()
                    + " WHERE customer_id IN ('c-1', 'c-2') OR email IS NOT NULL"))
        .containsExactly(Map.of("n", 0L));
    new PromoteActivitiesImpl(warehouse)
        .promote(
            new PromoteRequest(
                "run-mask-early",
                PRODUCT,
                "1.0.0",
                out.table(),
                FIELDS,
                true,
                null,
                null,
                -1,
                true,
                null));
    assertThat(fingerprint()).isEqualTo(maskedAtPublish);
  }

  static final ProductId EVENTS = ProductId.parse("shop.events");
  static final List<FieldSpec> EVENT_FIELDS =
      List.of(
          field("order_id", FieldType.STRING, false, null),
          field("ordered_at", FieldType.TIMESTAMP, false, null));
  static final String DAILY_MODEL =
      "SELECT order_id, ordered_at FROM {{ source() }}"
          + " WHERE CAST(ordered_at AS timestamptz) >= {{ partition_start }}"
          + " AND CAST(ordered_at AS timestamptz) < {{ partition_end }}";

  private String publishDay(String runId, String day, String model) throws Exception {
    var window =
        io.meshflow.contracts.model.PartitionWindow.of(
            io.meshflow.contracts.model.Partitioning.Granularity.DAY, day);
    ExtractResult src = extract(runId, orders());
    var column = SqlIdentifier.of("ordered_at");
    TransformResult out =
        new TransformActivitiesImpl(warehouse)
            .transform(
                new TransformRequest(
                    runId, EVENTS, model, src.table(), EVENT_FIELDS, false, column, window, -1));
    return new PromoteActivitiesImpl(warehouse)
        .promote(
            new PromoteRequest(
                runId,
                EVENTS,
                "1.0.0",
                out.table(),
                EVENT_FIELDS,
                false,
                column,
                window,
                -1,
                true,
                null))
        .table();
  }

  private static String fingerprintOf(String table) {
    return warehouse
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM "
                            + table
                            + " t")
                    .mapTo(String.class)
                    .one());
  }

  @Test
  void aPartitionRunReplacesExactlyItsPartition() throws Exception {
    assertThat(publishDay("run-day1", "2026-03-01", DAILY_MODEL))
        .isEqualTo("\"shop\".\"events__p_20260301\"");
    assertThat(publishDay("run-day2", "2026-03-02", DAILY_MODEL))
        .isEqualTo("\"shop\".\"events__p_20260302\"");
    assertThat(rows("SELECT order_id, ordered_at::text AS t FROM shop.events ORDER BY 2"))
        .containsExactly(
            Map.of("order_id", "A1", "t", "2026-03-01 10:00:00+00"),
            Map.of("order_id", "A1", "t", "2026-03-01 11:00:00+00"),
            Map.of("order_id", "B2", "t", "2026-03-02 09:30:00+00"));
    String dayTwo = fingerprintOf("shop.events__p_20260302");

    // day 1 again, from a model that keeps only its latest event: day 2 is not touched
    publishDay("run-day1-again", "2026-03-01", DAILY_MODEL + " AND amount <> '10.50'");
    assertThat(rows("SELECT count(*) AS n FROM shop.events")).containsExactly(Map.of("n", 2L));
    assertThat(fingerprintOf("shop.events__p_20260302")).isEqualTo(dayTwo);
    assertThat(
            rows("SELECT count(*) AS n FROM pg_inherits WHERE inhparent = 'shop.events'::regclass"))
        .containsExactly(Map.of("n", 2L));
  }

  @Test
  void twoCreatorsOfOneSchemaTakeTurnsAndTheSecondFindsItMade() throws Exception {
    SqlIdentifier schema = SqlIdentifier.of("late_schema");
    var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try (var first = warehouse.jdbi().open();
        var second = warehouse.jdbi().open();
        var watcher = warehouse.jdbi().open()) {
      first.begin();
      second.begin();
      // the second session has looked into the schema before it existed
      assertThat(
              second
                  .createQuery("SELECT to_regclass('late_schema.t') IS NULL")
                  .mapTo(Boolean.class)
                  .one())
          .isTrue();
      Warehouse.ensureSchema(first, schema);
      var waiting = pool.submit(() -> Warehouse.ensureSchema(second, schema));
      while (watcher
              .createQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")
              .mapTo(Long.class)
              .one()
          == 0) {
        Thread.sleep(10);
      }
      first.commit();
      waiting.get();
      second.commit();
    } finally {
      pool.shutdownNow();
    }
    assertThat(rows("SELECT count(*) AS n FROM pg_namespace WHERE nspname = 'late_schema'"))
        .containsExactly(Map.of("n", 1L));
  }

  @Test
  void concurrentFirstRunsOfANewProductsPartitionsAllPublish() throws Exception {
    // a backfill's first partitions publish at once into a schema and a table nobody created yet
    var product = io.meshflow.contracts.model.ProductId.parse("fresh.events");
    var column = SqlIdentifier.of("ordered_at");
    List<PromoteRequest> ready = new java.util.ArrayList<>();
    for (String day : List.of("2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04")) {
      var window =
          io.meshflow.contracts.model.PartitionWindow.of(
              io.meshflow.contracts.model.Partitioning.Granularity.DAY, day);
      String runId = "run-fresh-" + day;
      ExtractResult src = extract(runId, orders());
      TransformResult out =
          new TransformActivitiesImpl(warehouse)
              .transform(
                  new TransformRequest(
                      runId,
                      product,
                      DAILY_MODEL,
                      src.table(),
                      EVENT_FIELDS,
                      false,
                      column,
                      window,
                      -1));
      ready.add(
          new PromoteRequest(
              runId,
              product,
              "1.0.0",
              out.table(),
              EVENT_FIELDS,
              false,
              column,
              window,
              -1,
              true,
              null));
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(ready.size());
    var start = new java.util.concurrent.CyclicBarrier(ready.size());
    try {
      List<java.util.concurrent.Future<PromoteResult>> results = new java.util.ArrayList<>();
      for (PromoteRequest request : ready) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return new PromoteActivitiesImpl(warehouse).promote(request);
                }));
      }
      List<String> tables = new java.util.ArrayList<>();
      for (var result : results) tables.add(result.get().table());
      assertThat(tables)
          .containsExactly(
              "\"fresh\".\"events__p_20260301\"",
              "\"fresh\".\"events__p_20260302\"",
              "\"fresh\".\"events__p_20260303\"",
              "\"fresh\".\"events__p_20260304\"");
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            rows(
                "SELECT count(*) AS n FROM pg_inherits WHERE inhparent = 'fresh.events'::regclass"))
        .containsExactly(Map.of("n", 4L));
    assertThat(rows("SELECT count(*) AS n FROM fresh.events")).containsExactly(Map.of("n", 3L));
  }

  @Test
  void aPartitionRunWithRowsOutsideItsWindowFailsAndLeavesThePartitionAsItWas() throws Exception {
    publishDay("run-w1", "2026-03-02", DAILY_MODEL);
    String before = fingerprintOf("shop.events__p_20260302");
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                publishDay(
                    "run-w2", "2026-03-02", "SELECT order_id, ordered_at FROM {{ source() }}"));
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "2 rows of the model's output have ordered_at outside partition"
                + " 2026-03-02 [2026-03-02T00:00:00Z, 2026-03-03T00:00:00Z); filter the model with {{ partition_start }} and"
                + " {{ partition_end }}");
    assertThat(fingerprintOf("shop.events__p_20260302")).isEqualTo(before);
  }

  @Test
  void failedPublishLeavesThePublishedVersionAsItWas() throws Exception {
    ExtractResult src = extract("run-v1", orders());
    transform("run-v1", src.table(), MODEL);
    promote("run-v1", "1.0.0");
    String before = fingerprint();

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> promote("run-never-built", "2.0.0"));
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo("StagingLost");
    assertThat(failure.getOriginalMessage())
        .isEqualTo("the staging output of run run-never-built is gone");
    assertThat(fingerprint()).isEqualTo(before);

    new PromoteActivitiesImpl(warehouse).discard(new DiscardRequest("run-v1"));
    assertThat(fingerprint()).isEqualTo(before);
  }

  private static String fingerprint() {
    return warehouse
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT md5(string_agg(o::text, '|' ORDER BY order_id)) FROM shop.orders o")
                    .mapTo(String.class)
                    .one());
  }

  static String sha256(String s) {
    return sha256hex(s);
  }

  static String sha256hex(String s) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aStepThatFindsItsStagingLostSaysSoInsteadOfCarryingOn() throws Exception {
    ExtractResult src = extract("run-lost", orders());
    // what crash recovery does to an unlogged table
    warehouse.jdbi().useHandle(h -> h.execute("TRUNCATE " + src.table()));
    ApplicationFailure lost =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                new TransformActivitiesImpl(warehouse)
                    .transform(
                        new TransformRequest(
                            "run-lost",
                            PRODUCT,
                            MODEL,
                            src.table(),
                            FIELDS,
                            false,
                            null,
                            null,
                            src.rows())));
    assertThat(lost.getType()).isEqualTo("StagingLost");
    assertThat(lost.isNonRetryable()).isTrue();
    assertThat(lost.getOriginalMessage())
        .isEqualTo(src.table() + " holds 0 rows, not the 3 the extract step wrote");

    ExtractResult again = extract("run-lost", orders());
    TransformResult out =
        new TransformActivitiesImpl(warehouse)
            .transform(
                new TransformRequest(
                    "run-lost",
                    PRODUCT,
                    MODEL,
                    again.table(),
                    FIELDS,
                    false,
                    null,
                    null,
                    again.rows()));
    assertThat(out.rows()).isEqualTo(2);
    ApplicationFailure validated =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                new ValidateActivitiesImpl(warehouse)
                    .validate(new ValidateRequest(out.table(), FIELDS, List.of(), 0, 5)));
    assertThat(validated.getType()).isEqualTo("StagingLost");
    assertThat(validated.getOriginalMessage())
        .isEqualTo(out.table() + " holds 2 rows, not the 5 the transform step wrote");
    ApplicationFailure published =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                new PromoteActivitiesImpl(warehouse)
                    .promote(
                        new PromoteRequest(
                            "run-lost",
                            PRODUCT,
                            "1.0.0",
                            out.table(),
                            FIELDS,
                            false,
                            null,
                            null,
                            5,
                            true,
                            null)));
    assertThat(published.getType()).isEqualTo("StagingLost");
  }

  /** Publishes {@code rows} of the orders file's first rows as shop.orders, with the guards. */
  private PromoteResult publishRows(String runId, int rows, boolean allowEmpty, Double shrink)
      throws Exception {
    ExtractResult src = extract(runId, orders());
    String model =
        MODEL
            .replace("ORDER BY", "LIMIT " + rows + ") AS x ORDER BY")
            .replace("SELECT DISTINCT", "SELECT * FROM (SELECT DISTINCT");
    TransformResult out = transform(runId, src.table(), model);
    return new PromoteActivitiesImpl(warehouse)
        .promote(
            new PromoteRequest(
                runId,
                PRODUCT,
                "1.0.0",
                out.table(),
                FIELDS,
                false,
                null,
                null,
                out.rows(),
                allowEmpty,
                shrink));
  }

  @Test
  void anEmptyResultNeverReplacesPublishedRowsUnlessTheContractAllowsIt() throws Exception {
    assertThat(publishRows("run-full", 2, false, null).rows()).isEqualTo(2);
    String before = fingerprint();
    ApplicationFailure empty =
        catchThrowableOfType(
            ApplicationFailure.class, () -> publishRows("run-empty", 0, false, null));
    assertThat(empty.getType()).isEqualTo("ContractViolation");
    assertThat(empty.getOriginalMessage())
        .isEqualTo(
            "shop.orders: the run's result is empty and would replace the 2 published rows;"
                + " nothing was published (if an empty product is right, set"
                + " spec.publish.allow_empty: true)");
    assertThat(fingerprint()).isEqualTo(before);

    ApplicationFailure shrunk =
        catchThrowableOfType(
            ApplicationFailure.class, () -> publishRows("run-half", 1, false, 25.0));
    assertThat(shrunk.getOriginalMessage())
        .isEqualTo(
            "shop.orders: the run's result has 1 rows and would take away 50.0% of the 2 published"
                + " rows, more than spec.publish.max_shrink (25%); nothing was published");
    assertThat(fingerprint()).isEqualTo(before);

    assertThat(publishRows("run-allowed", 0, true, null).rows()).isZero();
  }

  @Test
  void aSourceThatIsNotUtf8FailsWithoutRetryNamingWhere() throws Exception {
    Path header = dir.resolve("header.csv");
    Files.write(header, new byte[] {'i', 'd', (byte) 0xFF, '\n', '1', '\n'});
    ApplicationFailure inHeader =
        catchThrowableOfType(ApplicationFailure.class, () -> extract("run-bytes", header));
    assertThat(inHeader.isNonRetryable()).isTrue();
    assertThat(inHeader.getOriginalMessage())
        .isEqualTo("source file " + header + " is not valid UTF-8: line 1, byte offset 2");

    Path body = dir.resolve("body.csv");
    Files.write(body, new byte[] {'i', 'd', '\n', '1', '\n', '2', (byte) 0xFF, '\n'});
    ApplicationFailure inBody =
        catchThrowableOfType(ApplicationFailure.class, () -> extract("run-bytes", body));
    assertThat(inBody.isNonRetryable()).isTrue();
    assertThat(inBody.getOriginalMessage())
        .startsWith(
            "extracting body.csv for shop.orders: ERROR: invalid byte sequence for encoding \"UTF8\": 0xff")
        .contains("line 3");
  }
}
