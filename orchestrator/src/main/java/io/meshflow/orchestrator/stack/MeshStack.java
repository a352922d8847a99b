package io.meshflow.orchestrator.stack;

import com.zaxxer.hikari.HikariDataSource;
import io.meshflow.orchestrator.catalog.Catalog;
import io.meshflow.orchestrator.lineage.DatasetNaming;
import io.meshflow.orchestrator.lineage.LineageGraph;
import io.meshflow.workers.sql.Warehouse;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A running set of Meshflow's parts: the database (catalog and warehouse), the Temporal connection,
 * and the workers this process hosts, if any. Closing it stops them in reverse order.
 */
public final class MeshStack implements AutoCloseable {
  private final StackMode mode;
  private final HikariDataSource dataSource;
  private final Catalog catalog;
  private final Warehouse warehouse;
  private final TemporalConnection temporal;
  private final WorkerFactory workers;
  private final List<AutoCloseable> owned;
  private final List<AutoCloseable> services = new ArrayList<>();
  private Duration heartbeatTimeout = Duration.ofSeconds(20);

  MeshStack(
      StackMode mode,
      HikariDataSource dataSource,
      Catalog catalog,
      Warehouse warehouse,
      TemporalConnection temporal,
      WorkerFactory workers,
      List<AutoCloseable> owned) {
    this.mode = mode;
    this.dataSource = dataSource;
    this.catalog = catalog;
    this.warehouse = warehouse;
    this.temporal = temporal;
    this.workers = workers;
    this.owned = new ArrayList<>(owned);
  }

  /** Adds a background service that stops first, while the database is still there. */
  MeshStack withService(AutoCloseable service) {
    if (service != null) services.add(service);
    return this;
  }

  /** Sets how long a data step's worker may stay silent (from the configuration). */
  MeshStack withHeartbeatTimeout(Duration timeout) {
    this.heartbeatTimeout = timeout;
    return this;
  }

  /** How long a data step's worker may stay silent before the step is retried elsewhere. */
  public Duration heartbeatTimeout() {
    return heartbeatTimeout;
  }

  public StackMode mode() {
    return mode;
  }

  public Catalog catalog() {
    return catalog;
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  public WorkflowClient client() {
    if (temporal == null) {
      throw new StackException("this command started without Temporal");
    }
    return temporal.client();
  }

  /** The lineage graph of the catalog, its warehouse datasets named after this stack's database. */
  public LineageGraph lineageGraph() {
    return new LineageGraph(catalog.jdbi(), new DatasetNaming(dataSource.getJdbcUrl()));
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    for (AutoCloseable service : services) {
      try {
        service.close();
      } catch (Exception e) {
        // stopping the rest matters more
      }
    }
    if (workers != null) {
      workers.shutdownNow();
      workers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }
    if (temporal != null) temporal.close();
    dataSource.close();
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        // stopping the rest matters more than this one's error
      }
    }
  }
}
