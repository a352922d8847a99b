package io.meshflow.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.sql.Qualify;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * QUALIFY rewritten for PostgreSQL returns exactly the rows the same query written with a subquery
 * returns, on a real PostgreSQL.
 */
class QualifyRewriteTest {
  static EmbeddedPostgres postgres;
  static Jdbi jdbi;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
    jdbi = Jdbi.create(postgres.getPostgresDatabase());
    jdbi.useHandle(
        h ->
            h.createScript(
                    """
                    CREATE TABLE events (order_id text, customer_id text, event_ts timestamptz,
                                         status text, amount numeric);
                    INSERT INTO events VALUES
                      ('A1', 'c1', '2024-03-01 10:00+00', 'created', 10.5),
                      ('A1', 'c1', '2024-03-01 11:00+00', 'paid', 10.5),
                      ('A1', 'c1', '2024-03-02 09:00+00', 'shipped', 10.5),
                      ('B2', 'c2', '2024-03-01 08:00+00', 'created', 7),
                      ('B2', 'c2', '2024-03-03 08:00+00', 'cancelled', 7),
                      ('C3', 'c3', '2024-03-02 12:00+00', 'created', 30),
                      ('C3', 'c3', '2024-03-02 13:00+00', 'paid', 30),
                      ('D4', 'c1', '2024-03-04 07:00+00', 'created', 3);
                    """)
                .execute());
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private static List<Map<String, Object>> rows(String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapToMap().list());
  }

  /** The rewritten query's rows, which must be exactly those of the hand-written subquery. */
  private static void sameRows(String withQualify, String withSubquery, int expectedRows) {
    String rewritten = Qualify.rewrite(withQualify);
    assertThat(rewritten).doesNotContainIgnoringCase("QUALIFY");
    List<Map<String, Object>> expected = rows(withSubquery + " ORDER BY 1, 2");
    assertThat(expected).hasSize(expectedRows);
    assertThat(rows("SELECT * FROM (" + rewritten + ") AS q ORDER BY 1, 2"))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void rowNumberKeepsTheLatestEventOfEachOrder() {
    sameRows(
        "SELECT order_id, status FROM events"
            + " QUALIFY ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY event_ts DESC) = 1",
        "SELECT order_id, status FROM (SELECT order_id, status, ROW_NUMBER() OVER"
            + " (PARTITION BY order_id ORDER BY event_ts DESC) AS rn FROM events) s WHERE rn = 1",
        4);
  }

  @Test
  void rankWithAWhereFiltersRowsBeforeTheWindow() {
    sameRows(
        "SELECT status, order_id, amount FROM events WHERE amount > 5"
            + " QUALIFY RANK() OVER (PARTITION BY status ORDER BY amount DESC) = 1",
        "SELECT status, order_id, amount FROM (SELECT status, order_id, amount, RANK() OVER"
            + " (PARTITION BY status ORDER BY amount DESC) AS r FROM events WHERE amount > 5) s"
            + " WHERE r = 1",
        4);
  }

  @Test
  void aGroupByIsAggregatedBeforeTheWindowFiltersIt() {
    sameRows(
        "SELECT customer_id, sum(amount) AS total FROM events GROUP BY customer_id"
            + " QUALIFY RANK() OVER (ORDER BY sum(amount) DESC) <= 2",
        "SELECT customer_id, total FROM (SELECT customer_id, sum(amount) AS total, RANK() OVER"
            + " (ORDER BY sum(amount) DESC) AS r FROM events GROUP BY customer_id) s WHERE r <= 2",
        2);
  }

  @Test
  void aWindowColumnOfTheSelectCanBeQualifiedByItsAlias() {
    sameRows(
        "SELECT order_id, status, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY event_ts) AS n"
            + " FROM events QUALIFY n <= 2",
        "SELECT order_id, status, n FROM (SELECT order_id, status, ROW_NUMBER() OVER"
            + " (PARTITION BY order_id ORDER BY event_ts) AS n FROM events) s WHERE n <= 2",
        7);
  }

  @Test
  void qualifyInACteAndOnACteIsRewrittenInBoth() {
    sameRows(
        "WITH latest AS (SELECT order_id, customer_id, amount FROM events"
            + " QUALIFY ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY event_ts DESC) = 1)"
            + " SELECT customer_id, order_id FROM latest"
            + " QUALIFY COUNT(*) OVER (PARTITION BY customer_id) > 1",
        "SELECT customer_id, order_id FROM (SELECT customer_id, order_id, COUNT(*) OVER"
            + " (PARTITION BY customer_id) AS c FROM (SELECT order_id, customer_id FROM (SELECT"
            + " order_id, customer_id, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY event_ts"
            + " DESC) AS rn FROM events) a WHERE rn = 1) b) s WHERE c > 1",
        2);
  }

  @Test
  void theGuidesModelCompilesToASubqueryOverItsCte() {
    String model =
        """
        WITH raw AS (
          SELECT
            order_id,
            customer_id,
            event_ts AT TIME ZONE 'UTC' AS event_ts,
            status,
            amount
          FROM events
        )

        SELECT
          order_id::VARCHAR AS order_id,
          MD5(customer_id)::VARCHAR AS customer_id,
          event_ts::TIMESTAMP AS event_ts,
          status::VARCHAR AS status,
          amount::DECIMAL(10,2) AS amount
        FROM raw
        QUALIFY ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY event_ts DESC) = 1
        """;
    String rewritten = Qualify.rewrite(model);
    assertThat(rewritten)
        .isEqualTo(
            "WITH raw AS (SELECT order_id, customer_id, event_ts AT TIME ZONE 'UTC' AS event_ts,"
                + " status, amount FROM events) SELECT order_id, customer_id, event_ts, status,"
                + " amount FROM (SELECT order_id::VARCHAR AS order_id, MD5(customer_id)::VARCHAR"
                + " AS customer_id, event_ts::TIMESTAMP AS event_ts, status::VARCHAR AS status,"
                + " amount::DECIMAL (10, 2) AS amount, ROW_NUMBER() OVER (PARTITION BY order_id"
                + " ORDER BY event_ts DESC) AS mf_window_1 FROM raw) AS mf_windowed"
                + " WHERE mf_window_1 = 1");
    assertThat(rows(rewritten))
        .extracting(r -> r.get("order_id") + " " + r.get("status"))
        .containsExactlyInAnyOrder("A1 shipped", "B2 cancelled", "C3 paid", "D4 created");
  }

  @Test
  void aQueryWithoutQualifyIsLeftAsWritten() {
    // the word alone, in a comment, is no QUALIFY clause: the parsed query has none
    String sql = "SELECT order_id FROM events -- qualify later\nWHERE amount > 1";
    assertThat(Qualify.rewrite(sql)).isSameAs(sql);
  }

  @Test
  void aSelectWhoseColumnsHaveNoNamesIsRefusedWithTheReason() {
    assertThat(
            catchThrowableOfType(
                    Qualify.RewriteException.class,
                    () -> Qualify.rewrite("SELECT * FROM events QUALIFY ROW_NUMBER() OVER () = 1"))
                .getMessage())
        .isEqualTo("a select with QUALIFY lists its columns: replace * with their names");
    assertThat(
            catchThrowableOfType(
                    Qualify.RewriteException.class,
                    () ->
                        Qualify.rewrite(
                            "SELECT order_id, upper(status) FROM events"
                                + " QUALIFY ROW_NUMBER() OVER () = 1"))
                .getMessage())
        .isEqualTo(
            "a select with QUALIFY names each column: give column 2 (upper(status)) a name with AS");
  }
}
