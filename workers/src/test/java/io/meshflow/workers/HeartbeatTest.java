package io.meshflow.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workers.activities.TransformActivitiesImpl;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.TransformActivities;
import io.meshflow.workflows.activities.TransformRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A data step heartbeats while its SQL runs, and a cancellation stops that SQL. */
class HeartbeatTest {
  static EmbeddedPostgres postgres;
  static Warehouse warehouse;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
    warehouse = new Warehouse(postgres.getPostgresDatabase());
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void aLongTransformHeartbeatsAndACancellationStopsItsStatement() throws Exception {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(new TransformActivitiesImpl(warehouse));
      List<String> beats = new CopyOnWriteArrayList<>();
      env.setActivityHeartbeatListener(String.class, beats::add);
      TransformActivities transform =
          env.newActivityStub(
              TransformActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(1))
                  .setHeartbeatTimeout(Duration.ofMillis(600))
                  .build());
      Thread canceller =
          new Thread(
              () -> {
                try {
                  Thread.sleep(1500);
                } catch (InterruptedException e) {
                  return;
                }
                env.requestCancelActivity();
              });
      canceller.start();
      Throwable cancelled =
          catchThrowable(
              () ->
                  transform.transform(
                      new TransformRequest(
                          "run-cancel",
                          ProductId.parse("shop.slow"),
                          "SELECT 1 AS id FROM (SELECT pg_sleep(60)) AS pause",
                          null,
                          List.of(
                              new FieldSpec(
                                  SqlIdentifier.of("id"),
                                  FieldType.INTEGER,
                                  null,
                                  false,
                                  true,
                                  false,
                                  null)),
                          false,
                          null,
                          null,
                          -1)));
      canceller.join();
      // the activity reported its cancellation: the caller sees it as such, seconds in, not 60 s
      assertThat(cancelled).isInstanceOf(CanceledFailure.class);
      assertThat(beats)
          .isNotEmpty()
          .allMatch(b -> b.startsWith("running the model of shop.slow ("));
      // the statement was stopped, not left sleeping in the database
      long sleeping =
          warehouse
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%'"
                                  + " AND state = 'active' AND pid <> pg_backend_pid()")
                          .mapTo(Long.class)
                          .one());
      assertThat(sleeping).isZero();
    } finally {
      env.close();
    }
  }
}
