package io.meshflow.orchestrator.stack;

import io.meshflow.orchestrator.catalog.Catalog;
import io.meshflow.workers.sql.Warehouse;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;

/**
 * A running set of Meshflow's parts — the database (catalog and warehouse), the Temporal
 * connection, the workers this process hosts and background services — and the services wired over
 * them. Closing it stops them in reverse order.
 */
public final class MeshStack implements AutoCloseable {
  private final MeshServices services;
  private final String jdbcUrl;
  private final List<AutoCloseable> parts;
  private final List<String> notices;

  /**
   * @param jdbcUrl the database's address, as the platform connects to it
   * @param parts what closing stops, in the order it stops them (background services first, the
   *     database last)
   * @param notices what starting did that a user should hear of (a topic created and seeded)
   */
  MeshStack(
      MeshServices services, String jdbcUrl, List<AutoCloseable> parts, List<String> notices) {
    this.services = services;
    this.jdbcUrl = jdbcUrl;
    this.parts = new ArrayList<>(parts);
    this.notices = List.copyOf(notices);
  }

  /** What starting did that a user should hear of, one line each. */
  public List<String> notices() {
    return notices;
  }

  /** The database's address, as the platform connects to it. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public MeshServices services() {
    return services;
  }

  public StackMode mode() {
    return services.mode();
  }

  public Catalog catalog() {
    return services.catalog();
  }

  public Warehouse warehouse() {
    return services.warehouse();
  }

  public WorkflowClient client() {
    return services.client();
  }

  @Override
  public void close() {
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        // stopping the rest matters more than this one's error
      }
    }
  }
}
