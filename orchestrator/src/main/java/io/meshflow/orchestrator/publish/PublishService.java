package io.meshflow.orchestrator.publish;

import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.orchestrator.catalog.ContentHash;
import io.meshflow.orchestrator.catalog.ContractRegistry;
import io.meshflow.orchestrator.catalog.RegistrationRefusedException;
import io.meshflow.workflows.publish.PublishProgress;
import io.meshflow.workflows.publish.PublishRuns;
import io.meshflow.workflows.publish.PublishWorkflow;
import io.meshflow.workflows.run.PublishPlan;
import io.meshflow.workflows.run.PublishRequest;
import io.meshflow.workflows.run.PublishResult;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Starts publish runs. A run's workflow id is {@code publish/<product>/<partition>}; asking for a
 * product whose run is still going joins that run instead of starting a second one: both callers
 * want the product fresh, and two runs swapping the same table would only race.
 */
public final class PublishService {
  private final WorkflowClient client;
  private final ContractRegistry registry;
  private final Mesh mesh;
  private final Duration heartbeatTimeout;
  private final String kafkaServers;

  /**
   * Runs contracts of {@code mesh}, whose folder upstream triggers read too.
   *
   * @param heartbeatTimeout how long a data step's worker may stay silent before the step moves
   */
  /**
   * @param kafkaServers the cluster Kafka sources read from when their declaration names none, or
   *     {@code null}
   */
  public PublishService(
      WorkflowClient client,
      ContractRegistry registry,
      Mesh mesh,
      Duration heartbeatTimeout,
      String kafkaServers) {
    this.client = client;
    this.kafkaServers = kafkaServers;
    this.registry = registry;
    this.mesh = mesh;
    this.heartbeatTimeout = heartbeatTimeout;
  }

  /** The governance contracts are registered under. */
  public io.meshflow.contracts.governance.GovernancePolicies policies() {
    return registry.policies();
  }

  /** The mesh whose contracts this service runs. */
  public Mesh mesh() {
    return mesh;
  }

  /** The plan of a run of {@code contract}. */
  public PublishPlan plan(DataProductContract contract) {
    return PublishPlan.of(contract, mesh)
        .withHeartbeatTimeout(heartbeatTimeout)
        .withKafkaServers(kafkaServers);
  }

  /**
   * Registers the contract's version in the catalog (idempotent).
   *
   * @return whether the version is new to the catalog
   * @throws RegistrationRefusedException when the version breaks the mesh's rules
   */
  public boolean register(DataProductContract contract) {
    return registry.register(contract);
  }

  /** Registers the contract's version and starts (or joins) its run. */
  public RunHandle start(DataProductContract contract, String trigger) {
    return start(contract, trigger, null);
  }

  /**
   * Registers the contract's version and starts (or joins) the run of one partition of it.
   *
   * @param partitionKey the partition of a partitioned product (e.g. {@code 2026-03-14}); ignored
   *     (the whole product runs) for an unpartitioned one
   * @throws IllegalArgumentException when a partitioned product gets no key, or a malformed one
   */
  public RunHandle start(DataProductContract contract, String trigger, String partitionKey) {
    return start(contract, trigger, partitionKey, false);
  }

  /**
   * As above; with {@code fullRefresh} the run reads its source from the start (a topic's earliest
   * offsets, a cursor-read table whole) and rebuilds the product, an incremental one too.
   */
  public RunHandle start(
      DataProductContract contract, String trigger, String partitionKey, boolean fullRefresh) {
    PartitionWindow window = window(contract, partitionKey);
    register(contract);
    PublishPlan plan = plan(contract);
    String partition = window == null ? PublishRequest.LATEST : window.key();
    String workflowId = PublishWorkflow.workflowId(contract.id().toString(), partition);
    WorkflowOptions options =
        PublishRuns.options(plan, partition, trigger)
            .setStaticDetails(
                "Owner: "
                    + contract.owner()
                    + "\n\nContract: `"
                    + contract.file().getFileName()
                    + "` — "
                    + contract.fields().size()
                    + " fields, "
                    + contract.checks().size()
                    + " quality checks")
            .build();
    PublishWorkflow workflow = client.newWorkflowStub(PublishWorkflow.class, options);
    boolean joined = false;
    WorkflowExecution execution;
    String inputs = inputs(contract);
    try {
      execution =
          WorkflowClient.start(
              workflow::publish,
              new PublishRequest(plan, trigger, partition, window, inputs, fullRefresh));
    } catch (WorkflowExecutionAlreadyStarted e) {
      execution = e.getExecution();
      joined = true;
    }
    String conflict = joined ? conflict(contract, workflowId, execution, inputs) : null;
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            workflowId, Optional.of(execution.getRunId()), Optional.empty());
    return new RunHandle(
        contract.id().toString(),
        workflowId,
        execution.getRunId(),
        joined,
        stub.getResultAsync(PublishResult.class),
        conflict);
  }

  /**
   * What the caller sees of its inputs: the contract's content and its source file's size and
   * modification time (reading the file itself would cost what the extract costs); a database table
   * or a topic is read as it stands when the run extracts it.
   */
  static String inputs(DataProductContract contract) {
    StringBuilder seen = new StringBuilder(ContentHash.of(contract));
    if (contract.source() != null && contract.source().path() != null) {
      java.nio.file.Path file = contract.source().path();
      try {
        seen.append(' ')
            .append(java.nio.file.Files.size(file))
            .append(' ')
            .append(java.nio.file.Files.getLastModifiedTime(file).toMillis());
      } catch (java.io.IOException e) {
        seen.append(" unreadable");
      }
    }
    return ContentHash.of(seen.toString());
  }

  /** Why joining the running run does not publish what the caller has, or null when it does. */
  private String conflict(
      DataProductContract contract, String workflowId, WorkflowExecution execution, String inputs) {
    String running;
    try {
      running =
          client
              .newWorkflowStub(PublishWorkflow.class, workflowId, Optional.of(execution.getRunId()))
              .progress()
              .inputs();
    } catch (RuntimeException e) {
      return null; // it ended meanwhile, or cannot say: nothing to compare
    }
    if (running == null || running.equals(inputs)) return null;
    return "a run of "
        + contract.id()
        + " that another caller started with other contract or source content is going ("
        + execution.getRunId()
        + "); it was joined, and what this caller has was not published: publish again once it"
        + " ends";
  }

  /** A handle on a run that is already going, e.g. one an upstream trigger started. */
  public RunHandle join(String product, String workflowId, String runId) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(workflowId, Optional.of(runId), Optional.empty());
    return new RunHandle(
        product, workflowId, runId, true, stub.getResultAsync(PublishResult.class));
  }

  /** The window of the run: null for an unpartitioned product, required for a partitioned one. */
  public static PartitionWindow window(DataProductContract contract, String partitionKey) {
    if (contract.partitioning() == null) return null;
    if (partitionKey == null) {
      throw new IllegalArgumentException(
          contract.id()
              + " is partitioned by "
              + contract.partitioning().granularity().name().toLowerCase(java.util.Locale.ROOT)
              + ": give a partition,"
              + " e.g. --partition "
              + PartitionWindow.example(contract.partitioning().granularity()));
    }
    return PartitionWindow.of(contract.partitioning().granularity(), partitionKey);
  }

  /**
   * A step being tried again: its activity, the attempt under way and why the last one failed (e.g.
   * a worker that stopped heartbeating).
   */
  public record Retry(String activity, int attempt, String reason) {}

  /** The steps of the run that Temporal is trying again, from the run's pending activities. */
  public List<Retry> retries(RunHandle run) {
    return client
        .newUntypedWorkflowStub(run.workflowId(), Optional.of(run.runId()), Optional.empty())
        .describe()
        .getRawDescription()
        .getPendingActivitiesList()
        .stream()
        .filter(a -> a.getAttempt() > 1)
        .map(
            a ->
                new Retry(
                    a.getActivityType().getName(),
                    a.getAttempt(),
                    a.hasLastFailure() ? retryReason(a.getLastFailure()) : "no reason given"))
        .toList();
  }

  private static String retryReason(io.temporal.api.failure.v1.Failure failure) {
    if (failure.hasTimeoutFailureInfo()) {
      return failure.getTimeoutFailureInfo().getTimeoutType()
              == io.temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_HEARTBEAT
          ? "its worker stopped answering (no heartbeat)"
          : "it timed out";
    }
    return failure.getMessage().lines().findFirst().orElse("");
  }

  /** The run's progress, answered by its workflow. */
  public PublishProgress progress(RunHandle run) {
    return client
        .newWorkflowStub(PublishWorkflow.class, run.workflowId(), Optional.of(run.runId()))
        .progress();
  }
}
