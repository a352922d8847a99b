package io.meshflow.orchestrator.catalog;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Meshflow's catalog database: schema {@value #SCHEMA}, migrated by Flyway on open. Every query on
 * it goes through one of its DAOs, made once here; each DAO carries its own row mappers, so nothing
 * is registered on the shared Jdbi after it is opened.
 */
public final class Catalog {
  public static final String SCHEMA = "meshflow";

  /** The newest migration this code brings ({@code db/migration/V<n>__…}). */
  static final int SCHEMA_VERSION = 14;

  private final RunDao runs;
  private final ProductDao products;
  private final ScheduleDao schedules;
  private final LineageDao lineage;
  private final SearchDao search;
  private final AccessDao access;
  private final SlaDao sla;

  Catalog(Jdbi jdbi) {
    this.runs = jdbi.onDemand(RunDao.class);
    this.products = jdbi.onDemand(ProductDao.class);
    this.schedules = jdbi.onDemand(ScheduleDao.class);
    this.lineage = jdbi.onDemand(LineageDao.class);
    this.search = jdbi.onDemand(SearchDao.class);
    this.access = jdbi.onDemand(AccessDao.class);
    this.sla = jdbi.onDemand(SlaDao.class);
  }

  /** Applies pending migrations, then opens the catalog. */
  public static Catalog open(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    return new Catalog(jdbi(dataSource));
  }

  /**
   * Opens the catalog of a running stack, which migrated it when it started: Flyway (a scan of the
   * migrations, a lock) runs only when the schema is older than this code, so that a command that
   * joins {@code meshflow dev} starts at once.
   */
  public static Catalog join(DataSource dataSource) {
    Jdbi jdbi = jdbi(dataSource);
    Integer applied =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT max(CAST(version AS integer)) FROM "
                            + SCHEMA
                            + ".flyway_schema_history WHERE success AND version ~ '^[0-9]+$'")
                    .mapTo(Integer.class)
                    .findOne()
                    .orElse(null));
    return applied != null && applied == SCHEMA_VERSION ? new Catalog(jdbi) : open(dataSource);
  }

  /** The Jdbi the DAOs run on: SQL Objects, PostgreSQL's types. */
  static Jdbi jdbi(DataSource dataSource) {
    return Jdbi.create(dataSource)
        .installPlugin(new SqlObjectPlugin())
        .installPlugin(new PostgresPlugin());
  }

  public RunDao runs() {
    return runs;
  }

  public ProductDao products() {
    return products;
  }

  public ScheduleDao schedules() {
    return schedules;
  }

  public LineageDao lineage() {
    return lineage;
  }

  public SearchDao search() {
    return search;
  }

  public AccessDao access() {
    return access;
  }

  public SlaDao sla() {
    return sla;
  }
}
