package io.meshflow.orchestrator.platform;

import io.meshflow.orchestrator.catalog.RunDao;
import io.meshflow.workers.sql.StagingTables;
import io.meshflow.workers.sql.Warehouse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the staging tables of runs that are no longer running: a run that failed while its
 * clean-up failed too, or whose worker or database died, leaves raw (unmasked) source data and disk
 * behind. Works as the platform's database user, at stack start and then periodically.
 */
public final class StagingCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StagingCollector.class);

  private final Jdbi jdbi;
  private final RunDao runs;
  private ScheduledExecutorService timer;

  /**
   * @param warehouse the warehouse as the administrative role sees it: every domain's staging
   */
  public StagingCollector(Warehouse warehouse, RunDao runs) {
    this.jdbi = warehouse.jdbi();
    this.runs = runs;
  }

  /** A staging table, schema-qualified and quoted. */
  public record Collected(String schema, String table) {}

  /**
   * Drops every staging table whose run is not running, and returns them. The tables are listed
   * before the running runs are read: a run is recorded as running before it stages anything, so a
   * table listed here whose run is not running then belongs to an ended run.
   */
  public List<Collected> collect() {
    List<Collected> tables =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        """
                        SELECT n.nspname, c.relname FROM pg_class c
                        JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname LIKE 'meshflow\\_staging%' AND c.relkind IN ('r', 'p')
                        ORDER BY 1, 2""")
                    .map((rs, ctx) -> new Collected(rs.getString(1), rs.getString(2)))
                    .list());
    if (tables.isEmpty()) return List.of();
    Set<String> running = new HashSet<>();
    runs.runningIds().forEach(id -> running.add(StagingTables.keyOfRun(id)));
    List<Collected> dropped = new ArrayList<>();
    for (Collected t : tables) {
      String key = StagingTables.keyOf(t.table());
      if (key == null || running.contains(key)) continue;
      jdbi.useHandle(
          h -> h.execute("DROP TABLE IF EXISTS " + quoted(t.schema()) + "." + quoted(t.table())));
      dropped.add(t);
    }
    if (!dropped.isEmpty()) {
      LOG.info("collected {} staging tables of runs that are no longer running", dropped.size());
    }
    return dropped;
  }

  /** Collects now and then every {@code interval}, until closed. */
  public StagingCollector every(Duration interval) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "meshflow-staging-collector");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            collect();
          } catch (RuntimeException e) {
            LOG.warn("collecting staging tables failed: {}", e.getMessage());
          }
        },
        0,
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  private static String quoted(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  @Override
  public void close() {
    if (timer != null) timer.shutdownNow();
  }
}
