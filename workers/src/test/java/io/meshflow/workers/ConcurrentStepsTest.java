package io.meshflow.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SourceType;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workers.activities.ExtractActivitiesImpl;
import io.meshflow.workers.activities.TransformActivitiesImpl;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.ExtractRequest;
import io.meshflow.workflows.activities.ExtractResult;
import io.meshflow.workflows.activities.TransformRequest;
import io.meshflow.workflows.activities.TransformResult;
import io.meshflow.workflows.run.SourcePlan;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data steps of different products run at the same time: one step is held inside its transaction
 * (right after it creates its staging table) while another product's same step runs to its end.
 */
class ConcurrentStepsTest {
  static EmbeddedPostgres postgres;
  static Warehouse warehouse;
  static final ExecutorService pool = Executors.newCachedThreadPool();

  static final ProductId HELD = ProductId.parse("shop.orders");
  static final ProductId FREE = ProductId.parse("shop.returns");
  static final List<FieldSpec> FIELDS =
      List.of(
          new FieldSpec(SqlIdentifier.of("id"), FieldType.STRING, null, true, false, false, null),
          new FieldSpec(
              SqlIdentifier.of("amount"), FieldType.DECIMAL, null, false, true, false, null));

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
    warehouse = new Warehouse(postgres.getPostgresDatabase());
    // a step that creates a table named like a row of `held` waits, inside its transaction, for
    // the advisory lock the test holds
    warehouse
        .jdbi()
        .useHandle(
            h ->
                h.createScript(
                        """
                        CREATE TABLE public.held (pattern text);
                        CREATE FUNCTION public.hold_step() RETURNS event_trigger LANGUAGE plpgsql AS $$
                        BEGIN
                          IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() c, public.held h
                                     WHERE c.object_identity LIKE h.pattern) THEN
                            PERFORM pg_advisory_xact_lock_shared(4242);
                          END IF;
                        END $$;
                        CREATE EVENT TRIGGER hold_step ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
                          EXECUTE FUNCTION public.hold_step();
                        """)
                    .execute());
  }

  @AfterAll
  static void stop() throws Exception {
    pool.shutdownNow();
    postgres.close();
  }

  @Test
  void extractsOfTwoProductsOverlap() throws Exception {
    hold("%.s\\_heldextract\\_src");
    Path file = csv();
    try (Handle holder = holdLock()) {
      Future<ExtractResult> held = pool.submit(() -> extract("held-extract", HELD, file));
      awaitWaiting(holder);
      ExtractResult free =
          pool.submit(() -> extract("free-extract", FREE, file)).get(30, TimeUnit.SECONDS);

      assertThat(free.rows()).isEqualTo(3);
      assertThat(held.isDone()).isFalse();
      holder.commit();
      assertThat(held.get(30, TimeUnit.SECONDS).rows()).isEqualTo(3);
    }
  }

  @Test
  void transformsOfTwoProductsOverlap() throws Exception {
    hold("%.s\\_heldtransform\\_out");
    Path file = csv();
    ExtractResult heldSource = extract("held-transform", HELD, file);
    ExtractResult freeSource = extract("free-transform", FREE, file);
    try (Handle holder = holdLock()) {
      Future<TransformResult> held =
          pool.submit(() -> transform("held-transform", HELD, heldSource));
      awaitWaiting(holder);
      TransformResult free =
          pool.submit(() -> transform("free-transform", FREE, freeSource))
              .get(30, TimeUnit.SECONDS);

      assertThat(free.rows()).isEqualTo(3);
      assertThat(held.isDone()).isFalse();
      holder.commit();
      assertThat(held.get(30, TimeUnit.SECONDS).rows()).isEqualTo(3);
    }
  }

  private static void hold(String pattern) {
    warehouse
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate("INSERT INTO public.held VALUES (:p)").bind("p", pattern).execute());
  }

  private static Handle holdLock() {
    Handle holder = warehouse.jdbi().open();
    holder.begin();
    holder.createQuery("SELECT pg_advisory_xact_lock(4242)").mapTo(String.class).one();
    return holder;
  }

  /** Returns once the held step waits on the test's lock, inside its own transaction. */
  private static void awaitWaiting(Handle watcher) throws InterruptedException {
    for (int i = 0; i < 3000; i++) {
      long waiting =
          watcher
              .createQuery(
                  "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
              .mapTo(Long.class)
              .one();
      if (waiting == 1) return;
      Thread.sleep(10);
    }
    throw new AssertionError("the held step never reached its hold");
  }

  private Path csv() throws Exception {
    Path file = dir.resolve("rows.csv");
    Files.writeString(file, "id,amount\nA,1.5\nB,2\nC,3\n");
    return file;
  }

  private ExtractResult extract(String runId, ProductId product, Path file) {
    return new ExtractActivitiesImpl(warehouse)
        .extract(
            new ExtractRequest(
                runId,
                product,
                new SourcePlan(SourceType.CSV, file.toString(), ','),
                dir.toString()));
  }

  private static TransformResult transform(String runId, ProductId product, ExtractResult source) {
    return new TransformActivitiesImpl(warehouse)
        .transform(
            new TransformRequest(
                runId,
                product,
                "SELECT id, amount FROM {{ source() }}",
                source.table(),
                FIELDS,
                false,
                null,
                null,
                source.rows()));
  }
}
