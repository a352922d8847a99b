package io.meshflow.orchestrator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.meshflow.workflows.run.RunRecord;
import io.meshflow.workflows.run.RunStarted;
import io.meshflow.workflows.run.RunStatus;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMappers;
import org.junit.jupiter.api.Test;

/**
 * Reads through the catalog's DAOs leave the shared Jdbi as it was: the DAOs carry their row
 * mappers themselves, so a long-running {@code dev} or {@code serve} does not grow with its calls.
 */
class CatalogReadsTest {
  @Test
  void tenThousandReadsRegisterNoRowMapperOnTheSharedJdbi() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
        HikariDataSource pool = new HikariDataSource()) {
      pool.setDataSource(postgres.getPostgresDatabase());
      pool.setMaximumPoolSize(2);
      Catalog.open(pool);
      Jdbi jdbi = Catalog.jdbi(pool);
      Map<String, Integer> opened = footprint(jdbi);
      Catalog catalog = new Catalog(jdbi);
      catalog
          .products()
          .upsertProduct(
              "shop.orders", "shop", "orders", "Orders", "o@x.io", "1.0.0", new String[0]);
      catalog
          .runs()
          .started(
              new RunStarted(
                  "r1",
                  "publish/shop.orders/latest",
                  "shop.orders",
                  "1.0.0",
                  "latest",
                  "cli",
                  1_000,
                  null,
                  null));
      catalog
          .runs()
          .finished(
              new RunRecord(
                  "r1",
                  "shop.orders",
                  "1.0.0",
                  RunStatus.SUCCEEDED,
                  3,
                  3,
                  "shop.orders",
                  2_000,
                  List.of(),
                  List.of(),
                  null,
                  null,
                  null,
                  null));

      read(catalog, 20);
      Map<String, Integer> warm = footprint(jdbi);
      read(catalog, 2_000); // 10,000 reads

      assertThat(warm).isEqualTo(opened);
      assertThat(footprint(jdbi)).isEqualTo(opened);
      assertThat(catalog.runs().recent(10, null))
          .singleElement()
          .extracting(RunRow::status)
          .isEqualTo(RunStatus.SUCCEEDED);
    }
  }

  /** What the API and the CLI read most. */
  private static void read(Catalog catalog, int times) {
    for (int i = 0; i < times; i++) {
      catalog.runs().recent(20, null);
      catalog.runs().find("r1");
      catalog.products().list();
      catalog.products().find("shop.orders");
      catalog.search().search("orders");
    }
  }

  /** The row mappers registered on the shared Jdbi, and the types it has looked mappers up for. */
  private static Map<String, Integer> footprint(Jdbi jdbi) throws Exception {
    RowMappers mappers = jdbi.getConfig(RowMappers.class);
    return Map.of("factories", size(mappers, "factories"), "cache", size(mappers, "cache"));
  }

  private static int size(RowMappers mappers, String field) throws Exception {
    Field f = RowMappers.class.getDeclaredField(field);
    f.setAccessible(true);
    Object value = f.get(mappers);
    return value instanceof Map<?, ?> m ? m.size() : ((List<?>) value).size();
  }
}
