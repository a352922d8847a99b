package io.meshflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.workers.sql.Warehouse;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

/** The checks benchmark measures both sides on a tiny table of a real PostgreSQL. */
class CheckBenchmarkTest {
  @Test
  void measuresTheChecksAndTheScanOnTheSameTable() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      Warehouse warehouse = new Warehouse(postgres.getPostgresDatabase());
      CheckBenchmark.Result r = new CheckBenchmark(warehouse).run(2000, 1);
      assertThat(r.rows()).isEqualTo(2000);
      assertThat(r.checks()).isEqualTo(13);
      assertThat(r.statements()).isEqualTo(1);
      assertThat(r.uniquenessChecks()).isEqualTo(15);
      assertThat(r.uniquenessStatements()).isEqualTo(2);
      assertThat(r.ratio()).isPositive();
      long stored =
          warehouse
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT count(*) FROM meshflow_bench.check_rows")
                          .mapTo(Long.class)
                          .one());
      assertThat(stored).isEqualTo(2000);
    }
  }
}
