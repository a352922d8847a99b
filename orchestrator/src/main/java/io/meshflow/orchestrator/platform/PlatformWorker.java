package io.meshflow.orchestrator.platform;

import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.orchestrator.catalog.Catalog;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.lineage.DatasetNaming;
import io.meshflow.orchestrator.lineage.LineageConfig;
import io.meshflow.orchestrator.lineage.LineageDispatcher;
import io.meshflow.orchestrator.lineage.LineageEventFactory;
import io.meshflow.orchestrator.lineage.LineageStore;
import io.meshflow.orchestrator.lineage.LineageTransport;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.access.AccessRequestWorkflowImpl;
import io.meshflow.workflows.sla.SlaMonitorWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;

/**
 * Registers the platform's worker on {@code meshflow.platform}: catalog, lineage, upstream-trigger
 * and plan-check activities, with the background services that go with them (lineage delivery,
 * collection of staging that ended runs left). Mirrors how a domain's worker is registered.
 */
public final class PlatformWorker {
  /** How often the platform collects the staging of runs that ended. */
  private static final Duration STAGING_COLLECTION = Duration.ofMinutes(10);

  private PlatformWorker() {}

  /**
   * Adds the platform's worker to {@code factory} (not started) and starts its background services.
   *
   * @param warehouse the warehouse as the administrative role sees it: plan checks grant reads, the
   *     collector drops every domain's ended staging
   * @param kafkaServers the cluster of Kafka sources that name none, or {@code null}
   * @param remote whether the worker talks to a server in another process (sticky execution off)
   * @return the background services, for the caller to close when the worker stops
   */
  public static List<AutoCloseable> register(
      WorkerFactory factory,
      Catalog catalog,
      Warehouse warehouse,
      DatasetNaming naming,
      MeshflowProperties properties,
      String kafkaServers,
      boolean remote) {
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if (remote) options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    Worker worker = factory.newWorker(TaskQueues.PLATFORM, options.build());
    List<LineageTransport> transports =
        properties.lineageConfig() != null
            ? LineageConfig.fromYaml(properties.lineageConfig())
            : LineageConfig.transports(System.getenv());
    worker.registerActivitiesImplementations(
        new CatalogActivitiesImpl(catalog.runs(), factory.getWorkflowClient()),
        new LineageActivitiesImpl(
            new LineageEventFactory(naming),
            new LineageStore(catalog.lineage()),
            catalog.products()),
        new TriggerActivitiesImpl(
            properties.mesh(),
            catalog.products(),
            () -> new GovernanceLoader().load(properties.governance()),
            properties.sourceRoots(),
            properties.heartbeatTimeout(),
            kafkaServers),
        new PlanActivitiesImpl(
            catalog.products(),
            warehouse,
            properties.sourceRoots(),
            kafkaServers,
            new GovernanceCache(properties.governance())));
    worker.registerWorkflowImplementationTypes(
        AccessRequestWorkflowImpl.class,
        SlaMonitorWorkflowImpl.class,
        io.meshflow.workflows.sla.AlertWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new AccessActivitiesImpl(catalog.access(), warehouse),
        new SlaActivitiesImpl(catalog.sla(), warehouse, System::getenv));
    LineageDispatcher dispatcher =
        new LineageDispatcher(catalog.lineage(), transports, Duration.ofMillis(500));
    StagingCollector collector =
        new StagingCollector(warehouse, catalog.runs()).every(STAGING_COLLECTION);
    return List.of(dispatcher, collector);
  }
}
