package io.meshflow.workflows;

import io.meshflow.contracts.model.Severity;
import io.meshflow.workflows.activities.CatalogActivities;
import io.meshflow.workflows.activities.DiscardRequest;
import io.meshflow.workflows.activities.DownstreamRuns;
import io.meshflow.workflows.activities.ExtractActivities;
import io.meshflow.workflows.activities.ExtractRequest;
import io.meshflow.workflows.activities.ExtractResult;
import io.meshflow.workflows.activities.LineageActivities;
import io.meshflow.workflows.activities.LineageRequest;
import io.meshflow.workflows.activities.PlanActivities;
import io.meshflow.workflows.activities.PlanCheck;
import io.meshflow.workflows.activities.PromoteActivities;
import io.meshflow.workflows.activities.PromoteRequest;
import io.meshflow.workflows.activities.PromoteResult;
import io.meshflow.workflows.activities.TransformActivities;
import io.meshflow.workflows.activities.TransformRequest;
import io.meshflow.workflows.activities.TransformResult;
import io.meshflow.workflows.activities.TriggerActivities;
import io.meshflow.workflows.activities.UpstreamPublished;
import io.meshflow.workflows.activities.ValidateActivities;
import io.meshflow.workflows.activities.ValidateRequest;
import io.meshflow.workflows.activities.ValidateResult;
import io.meshflow.workflows.run.CheckOutcome;
import io.meshflow.workflows.run.PublishRequest;
import io.meshflow.workflows.run.RunRecord;
import io.meshflow.workflows.run.RunStarted;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-ins for the data and catalog activities, for testing the workflow's orchestration alone
 * (the real activities are tested against PostgreSQL in the workers module). Each counts its
 * attempts and can be told to fail.
 */
final class FakeActivities
    implements ExtractActivities,
        TransformActivities,
        ValidateActivities,
        PromoteActivities,
        CatalogActivities,
        LineageActivities,
        PlanActivities,
        TriggerActivities,
        io.meshflow.workflows.activities.AccessActivities,
        io.meshflow.workflows.activities.SlaActivities {
  /** Each breach recorded, as "<kind> <start ms>-<end ms or open>". */
  final List<String> breaches = new CopyOnWriteArrayList<>();

  /** Each alert delivered, as "<alert id>". */
  final List<String> alerts = new CopyOnWriteArrayList<>();

  @Override
  public void deliver(io.meshflow.workflows.activities.SlaAlert alert) {
    alerts.add(io.meshflow.workflows.activities.SlaAlert.alertId(alert));
  }

  /** Whether probes find the product readable. */
  volatile boolean readable = true;

  final AtomicInteger probeCount = new AtomicInteger();

  @Override
  public void breachStarted(io.meshflow.workflows.activities.SlaBreach b) {
    breaches.add(b.kind() + " " + b.startedAtMillis() + "-open");
  }

  @Override
  public void breachEnded(io.meshflow.workflows.activities.SlaBreach b) {
    breaches.remove(b.kind() + " " + b.startedAtMillis() + "-open");
    breaches.add(
        b.kind() + " " + b.startedAtMillis() + "-" + b.endedAtMillis() + " by " + b.endedByRun());
  }

  @Override
  public io.meshflow.workflows.activities.ProbeResult probe(String product, String relation) {
    probeCount.incrementAndGet();
    return readable
        ? new io.meshflow.workflows.activities.ProbeResult(true, null)
        : new io.meshflow.workflows.activities.ProbeResult(
            false, "relation " + relation + " does not exist");
  }

  final List<PlanCheck> verified = new CopyOnWriteArrayList<>();

  /** Each access step, as "<what> <actor> <at ms> <expires ms>". */
  final List<String> accessSteps = new CopyOnWriteArrayList<>();

  @Override
  public void requested(io.meshflow.workflows.activities.AccessStep step) {
    accessSteps.add(access("requested", step));
  }

  @Override
  public void granted(io.meshflow.workflows.activities.AccessStep step) {
    accessSteps.add(access("granted", step));
  }

  @Override
  public void closed(io.meshflow.workflows.activities.AccessStep step, String status) {
    accessSteps.add(access("closed " + status, step));
  }

  @Override
  public void ended(io.meshflow.workflows.activities.AccessStep step, String status) {
    accessSteps.add(access("ended " + status, step));
  }

  private static String access(String what, io.meshflow.workflows.activities.AccessStep step) {
    return what + " " + step.actor() + " " + step.atMillis() + " " + step.expiresAtMillis();
  }

  /** Why the plan check refuses every plan, or null. */
  volatile String planRefusal;

  @Override
  public io.meshflow.contracts.access.Exposure verifyPlan(PlanCheck check) {
    verified.add(check);
    if (planRefusal != null) {
      throw ApplicationFailure.newNonRetryableFailure(planRefusal, "PlanRefused");
    }
    return io.meshflow.contracts.access.Exposure.none();
  }

  final AtomicInteger extractAttempts = new AtomicInteger();
  final AtomicInteger transformAttempts = new AtomicInteger();
  final AtomicInteger publishAttempts = new AtomicInteger();
  final AtomicInteger discards = new AtomicInteger();
  final List<RunStarted> started = new CopyOnWriteArrayList<>();
  final List<RunRecord> recorded = new CopyOnWriteArrayList<>();
  final List<LineageRequest> lineage = new CopyOnWriteArrayList<>();
  final List<UpstreamPublished> upstreamPublished = new CopyOnWriteArrayList<>();

  /** The runs each product's publish triggers, by product id. */
  final java.util.Map<String, List<PublishRequest>> downstream =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** How many extract attempts fail with a transient error before one succeeds. */
  volatile int transientExtractFailures;

  /** How many transform attempts find their source lost (as after a database crash). */
  volatile int lostSources;

  /** Whether discarding a run's staging fails (the database is down). */
  volatile boolean discardFails;

  /** The source rows each transform attempt was told to expect. */
  final List<Long> expectedSourceRows = new CopyOnWriteArrayList<>();

  /** A contract violation the transform reports, or null. */
  volatile String transformViolation;

  /** How long the transform takes. */
  volatile long transformMillis;

  /**
   * Products ({@code orders.events}) or partitions ({@code orders.events/2026-03-02}) whose
   * transform waits until their latch is released.
   */
  final java.util.Map<String, java.util.concurrent.CountDownLatch> holds =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Partitions whose transform fails (a contract violation). */
  final java.util.Set<String> failingPartitions =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Partitions being transformed now, and the most at once. */
  final java.util.Set<String> transforming = java.util.concurrent.ConcurrentHashMap.newKeySet();

  final AtomicInteger mostAtOnce = new AtomicInteger();
  final AtomicInteger samePartitionTwice = new AtomicInteger();

  /** The check outcome validation reports. */
  volatile CheckOutcome check = outcome(true, Severity.ERROR);

  static CheckOutcome outcome(boolean success, Severity severity) {
    return new CheckOutcome(
        "expect_column_values_to_not_be_null(id)",
        "expect_column_values_to_not_be_null",
        "id",
        severity,
        success,
        success ? "0 of 10 values are null (0%)" : "2 of 10 values are null (20%)",
        "all values not null",
        10L,
        success ? 0L : 2L,
        success ? 0.0 : 20.0,
        1.0,
        List.of(),
        null,
        null);
  }

  @Override
  public ExtractResult extract(ExtractRequest request) {
    if (extractAttempts.incrementAndGet() <= transientExtractFailures) {
      throw ApplicationFailure.newFailure("connection reset", "TransientDatabaseError");
    }
    return new ExtractResult("meshflow_staging.s_src", 12, 1);
  }

  @Override
  public TransformResult transform(TransformRequest request) {
    transformAttempts.incrementAndGet();
    expectedSourceRows.add(request.sourceRows());
    if (lostSources > 0) {
      lostSources--;
      throw ApplicationFailure.newNonRetryableFailure(
          request.sourceTable() + " holds 0 rows, not the 12 the extract step wrote",
          "StagingLost");
    }
    var hold = holds.get(request.product().toString());
    if (hold == null && request.window() != null) {
      hold = holds.get(request.product() + "/" + request.window().key());
    }
    if (hold != null) {
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String key = request.window() == null ? null : request.window().key();
    if (key != null) {
      if (!transforming.add(key)) samePartitionTwice.incrementAndGet();
      mostAtOnce.accumulateAndGet(transforming.size(), Math::max);
    }
    try {
      return transformPartition(request, key);
    } finally {
      if (key != null) transforming.remove(key);
    }
  }

  private TransformResult transformPartition(TransformRequest request, String key) {
    if (key != null && failingPartitions.contains(key)) {
      throw ApplicationFailure.newNonRetryableFailure("bad data in " + key, "ContractViolation");
    }
    if (transformMillis > 0) {
      try {
        Thread.sleep(transformMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (transformViolation != null) {
      throw ApplicationFailure.newNonRetryableFailure(transformViolation, "ContractViolation");
    }
    return new TransformResult("meshflow_staging.s_out", 10, 1);
  }

  @Override
  public ValidateResult validate(ValidateRequest request) {
    return new ValidateResult(List.of(check), 10, 1, 1);
  }

  @Override
  public PromoteResult promote(PromoteRequest request) {
    publishAttempts.incrementAndGet();
    return new PromoteResult(request.product().qualifiedTable(), 10, 1);
  }

  @Override
  public void discard(DiscardRequest request) {
    discards.incrementAndGet();
    if (discardFails) {
      throw ApplicationFailure.newNonRetryableFailure(
          "discarding the staging tables: connection refused", "SqlError");
    }
  }

  @Override
  public void emitLineage(LineageRequest request) {
    lineage.add(request);
  }

  @Override
  public void runStarted(RunStarted run) {
    started.add(run);
  }

  @Override
  public void recordRun(RunRecord run) {
    recorded.add(run);
  }

  /** The (test server's) time of each freshness run asked for, read through {@link #clock}. */
  final List<Long> freshnessRuns = new CopyOnWriteArrayList<>();

  volatile java.util.function.LongSupplier clock = System::currentTimeMillis;

  /** Records the ask; starts nothing (the test signals the publishes itself). */
  @Override
  public io.meshflow.workflows.run.PublishRequest freshnessRun(String product) {
    freshnessRuns.add(clock.getAsLong());
    return null;
  }

  @Override
  public DownstreamRuns downstreamRuns(UpstreamPublished published) {
    upstreamPublished.add(published);
    return new DownstreamRuns(
        downstream.getOrDefault(published.product().toString(), List.of()), List.of());
  }
}
