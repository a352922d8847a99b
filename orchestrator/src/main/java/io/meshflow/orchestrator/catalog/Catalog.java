package io.meshflow.orchestrator.catalog;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** Meshflow's catalog database: schema {@value #SCHEMA}, migrated by Flyway on open. */
public final class Catalog {
  public static final String SCHEMA = "meshflow";

  private final Jdbi jdbi;
  // made once: a store registers its row mappers on the shared Jdbi, which keeps every one
  private final ProductStore products;
  private final RunStore runs;

  private Catalog(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.products = new ProductStore(jdbi);
    this.runs = new RunStore(jdbi);
  }

  /** Applies pending migrations, then opens the catalog. */
  public static Catalog open(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    Jdbi jdbi =
        Jdbi.create(dataSource)
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin());
    return new Catalog(jdbi);
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public ProductStore products() {
    return products;
  }

  public RunStore runs() {
    return runs;
  }
}
