package io.meshflow.workflows.publish;

import io.meshflow.contracts.access.Exposure;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.workflows.MeshflowSearchAttributes;
import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.activities.CatalogActivities;
import io.meshflow.workflows.activities.DiscardRequest;
import io.meshflow.workflows.activities.ExtractActivities;
import io.meshflow.workflows.activities.ExtractRequest;
import io.meshflow.workflows.activities.ExtractResult;
import io.meshflow.workflows.activities.LineageActivities;
import io.meshflow.workflows.activities.LineageRequest;
import io.meshflow.workflows.activities.Merge;
import io.meshflow.workflows.activities.PlanActivities;
import io.meshflow.workflows.activities.PlanCheck;
import io.meshflow.workflows.activities.PromoteActivities;
import io.meshflow.workflows.activities.PromoteRequest;
import io.meshflow.workflows.activities.PromoteResult;
import io.meshflow.workflows.activities.TransformActivities;
import io.meshflow.workflows.activities.TransformRequest;
import io.meshflow.workflows.activities.TransformResult;
import io.meshflow.workflows.activities.ValidateActivities;
import io.meshflow.workflows.activities.ValidateRequest;
import io.meshflow.workflows.activities.ValidateResult;
import io.meshflow.workflows.run.CheckOutcome;
import io.meshflow.workflows.run.PublishPlan;
import io.meshflow.workflows.run.PublishRequest;
import io.meshflow.workflows.run.PublishResult;
import io.meshflow.workflows.run.QualityReport;
import io.meshflow.workflows.run.RunRecord;
import io.meshflow.workflows.run.RunStarted;
import io.meshflow.workflows.run.RunStatus;
import io.meshflow.workflows.run.SourceRange;
import io.meshflow.workflows.run.Step;
import io.meshflow.workflows.run.StepRecord;
import io.meshflow.workflows.run.StepState;
import io.meshflow.workflows.run.TriggeredRun;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The publish run, driven by its {@link PublishPlan}. Only orchestrates: data moves inside the
 * activities, which pass table names and counts back. Any failure is recorded in the catalog, the
 * run's staging is discarded, and the workflow fails with the reason; the published product is left
 * as it was.
 */
public class PublishWorkflowImpl implements PublishWorkflow {

  /** Transient trouble (lost connection, a worker restart) is retried with backoff. */
  private static final RetryOptions DATA_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(5)
          .build();

  /**
   * Bookkeeping waits for the catalog as long as it takes: a run's outcome is recorded, whatever
   * failed, once the catalog can take it.
   */
  static final RetryOptions CATALOG_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofMillis(500))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(0)
          .build();

  /**
   * A data step's worker must show it is alive this often (the plan may say otherwise): a dead
   * worker's step is retried on a live one after this long, not after the step's whole timeout.
   */
  static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(20);

  /** How many times the data steps run from the start when a step finds its staging lost. */
  private static final int STAGING_ATTEMPTS = 3;

  private static ActivityOptions data(Duration timeout, Duration heartbeat) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(timeout)
        .setScheduleToCloseTimeout(timeout.multipliedBy(3))
        .setHeartbeatTimeout(heartbeat)
        .setRetryOptions(DATA_RETRY)
        .build();
  }

  // the data steps' heartbeat timeout comes with the plan, so their stubs are made per run
  private ExtractActivities extract;
  private TransformActivities transform;
  private ValidateActivities validate;
  private PromoteActivities promote;

  /** What the plan's verification said consumers get; applied when the run publishes. */
  private Exposure exposure;

  /**
   * Discarding a failed run's staging is tried briefly: what it leaves behind, the platform's
   * staging collector removes, and the run's outcome is recorded without waiting for it.
   */
  private final PromoteActivities cleanUp =
      Workflow.newActivityStub(
          PromoteActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumAttempts(2)
                      .build())
              .build());

  private final CatalogActivities catalog =
      Workflow.newActivityStub(
          CatalogActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.PLATFORM)
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(CATALOG_RETRY)
              .build());

  private final LineageActivities lineage =
      Workflow.newActivityStub(
          LineageActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.PLATFORM)
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(CATALOG_RETRY)
              .build());

  private final PlanActivities plans =
      Workflow.newActivityStub(
          PlanActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.PLATFORM)
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(CATALOG_RETRY)
              .build());

  private final DownstreamTrigger downstream = new DownstreamTrigger(CATALOG_RETRY);

  private static final Logger LOG = Workflow.getLogger(PublishWorkflowImpl.class);

  /** Runs recorded before OpenLineage events existed replay without them. */
  private static final String LINEAGE_CHANGE = "openlineage-events";

  /** Runs recorded before upstream triggers existed replay without asking for downstream runs. */
  private static final String TRIGGER_CHANGE = "upstream-triggers";

  /** Runs recorded before plans were verified replay without the check. */
  private static final String VERIFY_CHANGE = "verify-plan";

  private final List<StepRecord> steps = new ArrayList<>();
  private PublishRequest request;
  private long startedAt;
  private Promise<Void> lineageStart;
  private String runId;
  private String product;
  private RunStatus status = RunStatus.RUNNING;
  private Step current;
  private long rowsIn = -1;

  /** What the run read of a source read incrementally, or null. */
  private SourceRange range;

  /** The newest ingestion time of the rows the run read, or null. */
  private Long newestIngestion;

  private long sqlMillis;
  private List<CheckOutcome> checks = List.of();
  private String parentWorkflowId;
  private String parentRunId;
  private final List<TriggeredRun> triggered = new ArrayList<>();

  public PublishWorkflowImpl() {
    for (Step s : Step.values()) steps.add(StepRecord.pending(s));
  }

  @Override
  public PublishResult publish(PublishRequest request) {
    if (request == null || request.plan() == null || request.plan().product() == null) {
      // nothing to record a run under: fail the workflow at once instead of retrying a task
      throw ApplicationFailure.newNonRetryableFailure(
          "the run's input is not a publish request with a plan; start runs with `meshflow"
              + " publish`, the API or a schedule",
          "PlanRefused");
    }
    PublishPlan plan = request.plan();
    Duration heartbeat =
        plan.heartbeatMillis() > 0 ? Duration.ofMillis(plan.heartbeatMillis()) : DEFAULT_HEARTBEAT;
    extract =
        Workflow.newActivityStub(ExtractActivities.class, data(Duration.ofMinutes(30), heartbeat));
    transform =
        Workflow.newActivityStub(
            TransformActivities.class, data(Duration.ofMinutes(30), heartbeat));
    validate =
        Workflow.newActivityStub(ValidateActivities.class, data(Duration.ofMinutes(30), heartbeat));
    promote =
        Workflow.newActivityStub(PromoteActivities.class, data(Duration.ofMinutes(10), heartbeat));
    runId = Workflow.getInfo().getRunId();
    product = plan.product().toString();
    this.request = request;
    startedAt = Workflow.currentTimeMillis();
    parentWorkflowId = Workflow.getInfo().getParentWorkflowId().orElse(null);
    parentRunId = Workflow.getInfo().getParentRunId().orElse(null);
    boolean emitsLineage = Workflow.getVersion(LINEAGE_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
    catalog.runStarted(
        new RunStarted(
            runId,
            Workflow.getInfo().getWorkflowId(),
            product,
            plan.version(),
            request.partition(),
            request.trigger(),
            Workflow.currentTimeMillis(),
            parentWorkflowId,
            parentRunId));
    if (emitsLineage) {
      // recorded without waiting: lineage never slows the data steps down
      lineageStart = Async.procedure(lineage::emitLineage, lineageEvent("START", -1, null));
    }

    PromoteResult published;
    try {
      if (Workflow.getVersion(VERIFY_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
        exposure =
            plans.verifyPlan(
                new PlanCheck(plan, request.trigger(), request.partition(), request.window()));
      }
      published = dataSteps(plan);
    } catch (TemporalFailure failure) {
      status = RunStatus.FAILED;
      boolean cancelled = isCancellation(failure);
      String error = cancelled ? "the run was cancelled" : reason(failure);
      for (Step s : Step.values()) {
        if (s != Step.CATALOG_UPDATE && steps.get(s.ordinal()).state() == StepState.PENDING) {
          skip(s);
        }
      }
      // clean-up and bookkeeping must happen even when the run itself was cancelled
      Workflow.newDetachedCancellationScope(
              () -> {
                try {
                  cleanUp.discard(new DiscardRequest(runId));
                } catch (TemporalFailure cleanUpFailed) {
                  // the staging collector takes what is left; the run's outcome is recorded anyway
                  LOG.warn("{}: staging not discarded: {}", product, reason(cleanUpFailed));
                }
                catalogUpdate(plan, 0, null, error);
                emitEnd(cancelled ? "ABORT" : "FAIL", -1, error);
              })
          .run();
      if (cancelled) throw new CanceledFailure(error);
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          error, failureType(failure), failure);
    }

    status = RunStatus.SUCCEEDED;
    catalogUpdate(plan, published.rows(), published.table(), null, published.newestEventMillis());
    emitEnd("COMPLETE", published.rows(), null);
    // a topic with nothing new published nothing: downstream has nothing new to build on either
    if (published.table() != null
        && Workflow.getVersion(TRIGGER_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
      triggered.addAll(downstream.start(request, runId));
    }
    return new PublishResult(
        runId,
        product,
        plan.version(),
        status,
        rowsIn,
        published.rows(),
        published.table(),
        List.copyOf(steps),
        checks,
        sqlMillis + published.sqlMillis(),
        List.copyOf(triggered),
        note());
  }

  /**
   * Extract, transform, validate and publish. A step that finds the staging its predecessor wrote
   * lost (a database crash empties unlogged tables) fails with {@code StagingLost}; then the steps
   * run again from the start, a few times, instead of publishing what is left.
   */
  private PromoteResult dataSteps(PublishPlan plan) {
    for (int attempt = 1; ; attempt++) {
      try {
        return dataStepsOnce(plan);
      } catch (ActivityFailure failure) {
        if (attempt >= STAGING_ATTEMPTS || !"StagingLost".equals(failureType(failure))) {
          throw failure;
        }
        LOG.warn("{}: {}; running the steps again from the start", product, reason(failure));
      }
    }
  }

  private PromoteResult dataStepsOnce(PublishPlan plan) {
    String sourceTable = null;
    long sourceRows = -1;
    if (plan.source() == null) {
      skip(Step.EXTRACT);
    } else {
      ExtractResult extracted =
          step(
              Step.EXTRACT,
              () ->
                  extract.extract(
                      new ExtractRequest(
                          runId,
                          plan.product(),
                          plan.source(),
                          plan.meshRoot(),
                          request.fullRefresh())),
              ExtractResult::rows);
      sourceTable = extracted.table();
      sourceRows = extracted.rows();
      rowsIn = extracted.rows();
      sqlMillis += extracted.sqlMillis();
      range = extracted.range();
      newestIngestion = extracted.newestIngestionMillis();
      if (extracted.nothingNew()) {
        // the published table stays as it is: there is nothing to build a new version from
        skip(Step.TRANSFORM);
        skip(Step.VALIDATE);
        skip(Step.PUBLISH);
        return new PromoteResult(null, 0, 0);
      }
    }
    String from = sourceTable;
    long fromRows = sourceRows;
    TransformResult output =
        step(
            Step.TRANSFORM,
            () ->
                transform.transform(
                    new TransformRequest(
                        runId,
                        plan.product(),
                        plan.modelSql(),
                        from,
                        plan.fields(),
                        plan.maskAtTransform(),
                        plan.partitionColumn(),
                        request.window(),
                        fromRows,
                        plan.exactSchema())),
            TransformResult::rows);
    // an incremental product's run checks its own rows; what judges the whole table (uniqueness,
    // aggregates, row counts, queries) runs on the merged table, before the publish commits it
    Merge merge = merge(plan);
    List<QualityCheck> batchChecks =
        merge == null
            ? plan.checks()
            : plan.checks().stream().filter(c -> !c.expectation().judgesWholeTable()).toList();
    ValidateResult quality =
        step(
            Step.VALIDATE,
            () ->
                validate.validate(
                    new ValidateRequest(
                        output.table(),
                        plan.fields(),
                        batchChecks,
                        plan.evidenceRows(),
                        output.rows(),
                        startedAt)),
            ValidateResult::rows);
    checks = quality.outcomes();
    sqlMillis += output.sqlMillis() + quality.sqlMillis();
    List<CheckOutcome> blocking = checks.stream().filter(CheckOutcome::blocksPublish).toList();
    if (!blocking.isEmpty()) {
      fail(Step.VALIDATE, QualityReport.describe(blocking));
      throw ApplicationFailure.newNonRetryableFailure(
          QualityReport.describe(blocking), "QualityCheckFailed");
    }
    PromoteResult published =
        step(
            Step.PUBLISH,
            () ->
                promote.promote(
                    new PromoteRequest(
                        runId,
                        plan.product(),
                        plan.version(),
                        output.table(),
                        plan.fields(),
                        plan.maskAtTransform(),
                        plan.partitionColumn(),
                        request.window(),
                        output.rows(),
                        plan.allowEmpty(),
                        plan.maxShrinkPercent(),
                        range,
                        merge,
                        plan.eventTimeColumn(),
                        exposure)),
            PromoteResult::rows);
    if (!published.checks().isEmpty()) {
      List<CheckOutcome> all = new ArrayList<>(checks);
      all.addAll(published.checks());
      checks = List.copyOf(all);
      List<CheckOutcome> stopping =
          published.checks().stream().filter(CheckOutcome::blocksPublish).toList();
      if (!stopping.isEmpty()) {
        fail(Step.PUBLISH, QualityReport.describe(stopping));
        throw ApplicationFailure.newNonRetryableFailure(
            QualityReport.describe(stopping), "QualityCheckFailed");
      }
    }
    return published;
  }

  /** How an incremental product's rows are merged, or null for a product rebuilt by each run. */
  private Merge merge(PublishPlan plan) {
    if (!ModelTemplate.incremental(plan.modelSql())) return null;
    return new Merge(
        plan.fields().stream().filter(FieldSpec::primaryKey).map(FieldSpec::name).toList(),
        plan.checks().stream().filter(c -> c.expectation().judgesWholeTable()).toList(),
        plan.evidenceRows(),
        startedAt,
        request.fullRefresh());
  }

  @Override
  public PublishProgress progress() {
    return new PublishProgress(
        runId,
        product,
        status,
        current,
        List.copyOf(steps),
        request == null ? null : request.inputs());
  }

  /** Runs one step, keeping its state, the search attribute and the UI details current. */
  private <T> T step(Step step, Supplier<T> body, java.util.function.ToLongFunction<T> rows) {
    current = step;
    set(step, steps.get(step.ordinal()).running(Workflow.currentTimeMillis()));
    Workflow.upsertTypedSearchAttributes(MeshflowSearchAttributes.STEP.valueSet(step.label()));
    Workflow.setCurrentDetails("**" + product + "** — step `" + step.label() + "`");
    try {
      T result = body.get();
      set(
          step,
          steps
              .get(step.ordinal())
              .succeeded(Workflow.currentTimeMillis(), rows.applyAsLong(result)));
      return result;
    } catch (TemporalFailure failure) {
      if (steps.get(step.ordinal()).state() == StepState.RUNNING) {
        fail(step, reason(failure));
      }
      throw failure;
    }
  }

  private void skip(Step step) {
    set(step, steps.get(step.ordinal()).skipped());
  }

  private void fail(Step step, String error) {
    set(step, steps.get(step.ordinal()).failed(Workflow.currentTimeMillis(), error));
  }

  private void set(Step step, StepRecord record) {
    steps.set(step.ordinal(), record);
  }

  /** The run's closing lineage event, after its START has been recorded. */
  private void emitEnd(String eventType, long rowsOut, String error) {
    if (lineageStart == null) return;
    try {
      lineageStart.get();
    } catch (TemporalFailure startLost) {
      // the START could not be recorded (or the run was cancelled while it was): the end still is
    }
    lineage.emitLineage(lineageEvent(eventType, rowsOut, error));
  }

  private LineageRequest lineageEvent(String eventType, long rowsOut, String error) {
    return new LineageRequest(
        runId,
        eventType,
        Workflow.currentTimeMillis(),
        startedAt,
        request.trigger(),
        parentWorkflowId,
        parentRunId,
        request.plan(),
        checks,
        rowsIn,
        rowsOut,
        error,
        range);
  }

  /** Catalog-update; it records itself as succeeded, being the write in progress. */
  private void catalogUpdate(PublishPlan plan, long rowsOut, String table, String error) {
    catalogUpdate(plan, rowsOut, table, error, null);
  }

  /** As above, with the newest event time the run published. */
  private void catalogUpdate(
      PublishPlan plan, long rowsOut, String table, String error, Long newestEvent) {
    current = Step.CATALOG_UPDATE;
    set(current, steps.get(current.ordinal()).running(Workflow.currentTimeMillis()));
    Workflow.upsertTypedSearchAttributes(MeshflowSearchAttributes.STEP.valueSet(current.label()));
    List<StepRecord> recorded = new ArrayList<>(steps);
    recorded.set(
        current.ordinal(),
        recorded.get(current.ordinal()).succeeded(Workflow.currentTimeMillis(), -1));
    catalog.recordRun(
        new RunRecord(
            runId,
            product,
            plan.version(),
            status,
            rowsIn,
            rowsOut,
            table,
            Workflow.currentTimeMillis(),
            recorded,
            checks,
            error,
            note(),
            newestIngestion,
            newestEvent));
    set(current, steps.get(current.ordinal()).succeeded(Workflow.currentTimeMillis(), -1));
  }

  /** What the run read of an incremental source, or that it had nothing new; else null. */
  private String note() {
    if (range == null) return null;
    if (range.nothingNew()) {
      return "nothing new on "
          + range.what()
          + " since the last publish ("
          + (range.cursor() == null ? "offsets " : "")
          + range.describe()
          + "); the published table is unchanged";
    }
    if (range.cursor() != null) {
      return range.what() + ": " + range.describe() + " (" + rowsIn + " rows)";
    }
    return range.what()
        + ": offsets "
        + range.describe()
        + " ("
        + range.records()
        + " records"
        + (range.skipped() > 0 ? ", " + range.skipped() + " skipped as bad" : "")
        + ")";
  }

  private static boolean isCancellation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) return true;
    }
    return false;
  }

  /** The kind of failure, e.g. {@code ContractViolation} or {@code QualityCheckFailed}. */
  private static String failureType(TemporalFailure failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app && app.getType() != null) return app.getType();
    }
    return "PublishFailed";
  }

  /** The message a domain engineer acts on: the outermost application failure's. */
  static String reason(TemporalFailure failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app) {
        return app.getOriginalMessage();
      }
    }
    if (failure instanceof ActivityFailure activity) {
      return activity.getActivityType() + " failed: " + failure.getCause();
    }
    return failure.getMessage();
  }
}
