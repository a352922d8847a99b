package io.meshflow.orchestrator.backfill;

import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.contracts.model.Partitioning;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.workflows.MeshflowSearchAttributes;
import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.backfill.BackfillProgress;
import io.meshflow.workflows.backfill.BackfillRequest;
import io.meshflow.workflows.backfill.BackfillWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Backfills: one long-running workflow per product ({@code backfill/<product>}) that ranges of
 * partitions are signalled to. Starting a backfill while one runs adds the range to it (the ranges
 * merge); its concurrency stays the one it started with.
 */
public final class BackfillService {
  public static final int DEFAULT_CONCURRENCY = 4;
  public static final int MAX_CONCURRENCY = 64;

  /** How often a failed partition is tried before it is reported. */
  static final int MAX_ATTEMPTS = 3;

  /** Finished partitions after which the workflow continues as new. */
  static final int CONTINUE_AFTER = 500;

  private final WorkflowClient client;
  private final PublishService publish;

  public BackfillService(WorkflowClient client, PublishService publish) {
    this.client = client;
    this.publish = publish;
  }

  /** A backfill's state: its progress, and whether its workflow has ended. */
  public record Status(
      String product, String workflowId, boolean running, long total, BackfillProgress progress) {}

  /**
   * Registers the contract's version, then adds the partitions from {@code from} to {@code to}
   * (both included) to the product's backfill, starting the backfill when none runs.
   *
   * @return the workflow id
   * @throws IllegalArgumentException for a product that is not partitioned, malformed or reversed
   *     keys, a range starting before the product's first partition, a concurrency out of range
   */
  public String start(DataProductContract contract, String from, String to, int concurrency) {
    List<String> keys = partitions(contract, from, to);
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "concurrency must be between 1 and " + MAX_CONCURRENCY + ", got " + concurrency);
    }
    publish.register(contract);
    String product = contract.id().toString();
    String workflowId = BackfillWorkflow.workflowId(product);
    BackfillWorkflow workflow =
        client.newWorkflowStub(
            BackfillWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.domain(contract.id().domain().value()))
                .setStaticSummary(
                    "Backfill of **"
                        + product
                        + "**, "
                        + concurrency
                        + " partitions at a time (first range "
                        + keys.get(0)
                        + " to "
                        + keys.get(keys.size() - 1)
                        + ")")
                .setTypedSearchAttributes(
                    MeshflowSearchAttributes.ofRun(
                        contract.id(), contract.version().toString(), "backfill"))
                .build());
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(
        workflow::run,
        new BackfillRequest(
            publish.plan(contract),
            contract.partitioning().granularity(),
            concurrency,
            MAX_ATTEMPTS,
            CONTINUE_AFTER,
            List.of(),
            0,
            java.util.Map.of(),
            java.util.Map.of(),
            false));
    batch.add(workflow::backfill, from, to);
    client.signalWithStart(batch);
    return workflowId;
  }

  /** The keys from {@code from} to {@code to}, checked against the contract's partitioning. */
  public static List<String> partitions(DataProductContract contract, String from, String to) {
    Partitioning partitioning = contract.partitioning();
    if (partitioning == null) {
      throw new IllegalArgumentException(
          contract.id()
              + " is not partitioned: a backfill runs partitions of a product with spec.partitioning;"
              + " publish it whole with ./meshflow publish "
              + contract.id());
    }
    List<String> keys = PartitionWindow.range(partitioning.granularity(), from, to);
    if (partitioning.start() != null) {
      Instant first = partitioning.start().atStartOfDay().toInstant(ZoneOffset.UTC);
      PartitionWindow earliest = PartitionWindow.of(partitioning.granularity(), from);
      if (!Instant.parse(earliest.end()).isAfter(first)) {
        throw new IllegalArgumentException(
            contract.id()
                + " starts at "
                + partitioning.start()
                + " (spec.partitioning.start): "
                + from
                + " is before its first "
                + partitioning.granularity().name().toLowerCase(Locale.ROOT));
      }
    }
    return keys;
  }

  /** The product's backfill, running or ended; empty when it never ran on this Temporal. */
  public Optional<Status> status(ProductId product) {
    String workflowId = BackfillWorkflow.workflowId(product.toString());
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    boolean running;
    BackfillProgress progress;
    try {
      running =
          stub.describe().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
      progress = stub.query("progress", BackfillProgress.class);
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
    long total =
        progress.done()
            + progress.running().size()
            + progress.queued().size()
            + progress.failed().size();
    return Optional.of(new Status(product.toString(), workflowId, running, total, progress));
  }

  /** Starts no new partition until resumed; running ones finish. */
  public Status pause(ProductId product) {
    return signal(product, "pause");
  }

  public Status resume(ProductId product) {
    return signal(product, "resume");
  }

  /** Drops the queued partitions; the backfill ends once the running ones have. */
  public Status cancel(ProductId product) {
    return signal(product, "cancel");
  }

  private Status signal(ProductId product, String signal) {
    Optional<Status> status = status(product);
    if (status.isEmpty() || !status.get().running()) {
      throw new NoBackfillException(product);
    }
    try {
      client.newUntypedWorkflowStub(status.get().workflowId()).signal(signal);
    } catch (WorkflowNotFoundException ended) {
      throw new NoBackfillException(product); // it ended in between
    }
    return status(product).orElseThrow(() -> new NoBackfillException(product));
  }

  /** No backfill of the product is running. */
  public static final class NoBackfillException extends RuntimeException {
    public NoBackfillException(ProductId product) {
      super(
          "no backfill of "
              + product
              + " is running; start one with ./meshflow backfill "
              + product
              + " --from ... --to ...");
    }
  }
}
