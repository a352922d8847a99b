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

  private Catalog(Jdbi jdbi) {
    this.jdbi = jdbi;
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
    return new ProductStore(jdbi);
  }

  public RunStore runs() {
    return new RunStore(jdbi);
  }
}
