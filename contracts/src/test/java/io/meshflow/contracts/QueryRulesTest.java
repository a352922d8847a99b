package io.meshflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.contracts.sql.ModelQuery;
import io.meshflow.contracts.sql.QueryRules;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryRulesTest {
  static final Set<String> SOURCE = Set.of("mf_source");

  @Test
  void everyExampleShapeOfQueryPasses() {
    assertThat(
            QueryRules.problems(
                """
                WITH events AS (
                    SELECT DISTINCT event_id, order_id, CAST(event_ts AS timestamptz) AS event_ts,
                           doc->>'id' AS id, amount::numeric AS amount
                    FROM mf_source
                ),
                ranked AS (
                    SELECT events.*, row_number() OVER (PARTITION BY order_id ORDER BY event_ts DESC) AS position,
                           count(*) FILTER (WHERE amount > 0) OVER (PARTITION BY order_id) AS paid
                    FROM events
                )
                SELECT order_id, event_ts AT TIME ZONE 'UTC' AS at, date_trunc('day', event_ts) AS day
                FROM ranked, generate_series(1, 2) AS g(n)
                WHERE position = 1 AND event_ts >= TIMESTAMPTZ '2026-03-01T00:00:00Z'
                """,
                SOURCE))
        .isEmpty();
    assertThat(
            QueryRules.problems(
                "SELECT DISTINCT ON (sku) sku FROM mf_source ORDER BY sku, counted_at DESC",
                SOURCE))
        .isEmpty();
  }

  @Test
  void qualifyIsAQueryLikeAnyOtherAndItsConditionIsJudgedToo() {
    assertThat(
            QueryRules.problems(
                "SELECT order_id, status FROM mf_source"
                    + " QUALIFY ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY event_ts DESC) = 1",
                SOURCE))
        .isEmpty();
    assertThat(
            QueryRules.problems(
                "SELECT order_id FROM mf_source\nQUALIFY pg_read_file('/etc/passwd') IS NOT NULL",
                SOURCE))
        .containsExactly(
            "line 2: calls pg_read_file(), which a model or check may not call (it reaches outside"
                + " the product's data)");
    assertThat(
            ModelQuery.problems(
                "SELECT *\nFROM {{ source() }}\nQUALIFY ROW_NUMBER() OVER (ORDER BY order_id) = 1"))
        .containsExactly(
            "line 3: a select with QUALIFY lists its columns: replace * with their names");
  }

  @Test
  void aSecondStatementIsRefused() {
    assertThat(
            QueryRules.problems(
                "SELECT 1 FROM mf_source; DROP TABLE orders.order_events; SELECT 1", SOURCE))
        .containsExactly(
            "line 1: must be exactly one query, found 3 statements (a ';' ends a statement;"
                + " nothing may follow the query)");
  }

  @Test
  void anythingButAQueryIsRefused() {
    assertThat(QueryRules.problems("DELETE FROM mf_source", SOURCE))
        .containsExactly("line 1: must be a query (SELECT or WITH … SELECT), not DELETE");
    assertThat(QueryRules.problems("COPY (SELECT 1) TO PROGRAM 'id'", SOURCE))
        .singleElement()
        .asString()
        .startsWith("line 1: ");
    assertThat(QueryRules.problems("SELECT * INTO stolen FROM mf_source", SOURCE))
        .contains("line 1: SELECT … INTO creates a table; a model or check only reads");
    assertThat(
            QueryRules.problems(
                "WITH gone AS (DELETE FROM mf_source RETURNING *) SELECT * FROM gone", SOURCE))
        .contains("line 1: the CTE gone changes data; a model or check only reads");
  }

  @Test
  void functionsThatReachOutsideTheDataAreRefusedWithTheirLine() {
    assertThat(
            QueryRules.problems(
                "SELECT 1 AS a\n  , pg_catalog.pg_read_file('/etc/hostname') AS b FROM mf_source",
                SOURCE))
        .containsExactly(
            "line 2: calls pg_read_file(), which a model or check may not call (it reaches outside"
                + " the product's data)");
    assertThat(QueryRules.problems("SELECT set_config('role', 'postgres', true)", SOURCE))
        .hasSize(1);
    assertThat(QueryRules.problems("SELECT query_to_xml('DELETE FROM x', true, true, '')", SOURCE))
        .hasSize(1);
  }

  @Test
  void tablesReadDirectlyAreRefused() {
    assertThat(
            QueryRules.problems(
                "SELECT *\nFROM mf_source JOIN meshflow.runs r ON true\nJOIN pg_authid a ON true",
                SOURCE))
        .containsExactly(
            "line 2: reads meshflow.runs directly; a model reads {{ source() }}, {{"
                + " ref('domain.product') }} and its own CTEs only",
            "line 3: reads pg_authid directly; a model reads {{ source() }}, {{"
                + " ref('domain.product') }} and its own CTEs only");
  }

  @Test
  void aBreakOutOfTheWrapperIsRefused() {
    assertThat(
            QueryRules.problems(
                "SELECT 1 AS x) AS m; DROP TABLE orders.h_abs; SELECT 1 FROM (SELECT 1", SOURCE))
        .singleElement()
        .asString()
        .startsWith("line 1: cannot be parsed as a query near ')'");
  }
}
