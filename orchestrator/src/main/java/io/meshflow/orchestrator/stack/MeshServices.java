package io.meshflow.orchestrator.stack;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.orchestrator.backfill.BackfillService;
import io.meshflow.orchestrator.catalog.Catalog;
import io.meshflow.orchestrator.catalog.CatalogService;
import io.meshflow.orchestrator.catalog.ContractRegistry;
import io.meshflow.orchestrator.lineage.LineageGraph;
import io.meshflow.orchestrator.lineage.LineageStore;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.publish.TriggeredRuns;
import io.meshflow.workers.sql.Warehouse;
import io.temporal.client.WorkflowClient;
import java.time.Duration;

/**
 * The services of a running stack, wired once when it starts. Commands, the HTTP API and tests take
 * what they use from here; each service holds only its own collaborators.
 *
 * @param temporal the Temporal client, or {@code null} for a command that started without it
 * @param warehouse the warehouse as the platform (the administrative role) sees it
 * @param kafkaServers the cluster of Kafka sources that name none, or {@code null}
 */
public record MeshServices(
    StackMode mode,
    Catalog catalog,
    Warehouse warehouse,
    WorkflowClient temporal,
    CatalogService catalogPages,
    LineageGraph lineage,
    LineageStore lineageEvents,
    TriggeredRuns triggeredRuns,
    Duration heartbeatTimeout,
    String kafkaServers) {

  /** The Temporal client; fails for a command that started without Temporal. */
  public WorkflowClient client() {
    if (temporal == null) throw new StackException("this command started without Temporal");
    return temporal;
  }

  /** Publishing for the contracts of {@code mesh}, registered under {@code policies}. */
  public PublishService publishing(Mesh mesh, GovernancePolicies policies) {
    return new PublishService(
        client(),
        new ContractRegistry(catalog.products(), policies),
        mesh,
        heartbeatTimeout,
        kafkaServers);
  }

  /**
   * Access requests and grants for the products of {@code mesh}, under {@code policies}; without
   * Temporal, what reads the catalog and the warehouse only (readers, the audit log).
   */
  public io.meshflow.orchestrator.access.AccessService access(
      Mesh mesh, GovernancePolicies policies) {
    return new io.meshflow.orchestrator.access.AccessService(
        temporal,
        catalog.access(),
        warehouse,
        mesh,
        policies.access(),
        java.time.Clock.systemUTC());
  }

  /**
   * The SLA monitors, probing every {@code MESHFLOW_SLA_PROBE_INTERVAL} (default 1m); needs
   * Temporal.
   */
  public io.meshflow.orchestrator.sla.SlaMonitors slaMonitors() {
    return new io.meshflow.orchestrator.sla.SlaMonitors(
        client(),
        catalog.sla(),
        io.meshflow.orchestrator.sla.SlaMonitors.probeInterval(System.getenv()),
        java.time.Clock.systemUTC());
  }

  /** Backfills of products that {@code publishing} runs. */
  public BackfillService backfills(PublishService publishing) {
    return new BackfillService(client(), publishing);
  }
}
