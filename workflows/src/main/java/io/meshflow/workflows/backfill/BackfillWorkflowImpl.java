package io.meshflow.workflows.backfill;

import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.workflows.publish.PublishRuns;
import io.meshflow.workflows.publish.PublishWorkflow;
import io.meshflow.workflows.run.PublishRequest;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The backfill's state machine. Only orchestrates: each partition's data work is its own run. */
public class BackfillWorkflowImpl implements BackfillWorkflow {
  private BackfillRequest request;
  private final LinkedHashSet<String> queued = new LinkedHashSet<>();
  private final Map<String, Promise<Void>> running = new LinkedHashMap<>();

  /** Partitions whose run was already going (started by someone else), each with its wait. */
  private final Map<String, Promise<Void>> deferred = new LinkedHashMap<>();

  /** How long a partition whose run is already going waits before it is tried again. */
  static final Duration BUSY_RETRY = Duration.ofSeconds(10);

  private final Map<String, String> failed = new LinkedHashMap<>();
  private final Map<String, Integer> attempts = new LinkedHashMap<>();
  private long done;
  private long finishedHere;
  private boolean paused;
  private boolean cancelled;
  private long startedAt;
  private long pausedAt = -1;
  private long pausedMillis;
  private final List<String[]> pendingRanges = new ArrayList<>();

  @Override
  public void run(BackfillRequest request) {
    this.request = request;
    queued.addAll(request.queued());
    // SignalWithStart delivers its signal before this method runs
    pendingRanges.forEach(range -> addRange(range[0], range[1]));
    pendingRanges.clear();
    failed.putAll(request.failed());
    attempts.putAll(request.attempts());
    done = request.done();
    paused = request.paused() || paused;
    startedAt = Workflow.currentTimeMillis();
    while (true) {
      Workflow.await(
          () ->
              finishedRunning()
                  || deferred.values().stream().anyMatch(Promise::isCompleted)
                  || (running.isEmpty() && (cancelled || (queued.isEmpty() && deferred.isEmpty())))
                  || (!cancelled
                      && !paused
                      && finishedHere < request.continueAfter()
                      && canStart()));
      collectFinished();
      requeueWaited();
      if (cancelled && running.isEmpty()) return;
      if (!cancelled && !paused) startWhatFits();
      if (queued.isEmpty() && running.isEmpty() && deferred.isEmpty()) return;
      if (finishedHere >= request.continueAfter() && running.isEmpty()) {
        Workflow.continueAsNew(
            new BackfillRequest(
                request.plan(),
                request.granularity(),
                request.concurrency(),
                request.maxAttempts(),
                request.continueAfter(),
                waiting(),
                done,
                failed,
                attempts,
                paused));
      }
    }
  }

  /** Deferred partitions whose wait is over go back to the queue. */
  private void requeueWaited() {
    for (String key : List.copyOf(deferred.keySet())) {
      if (deferred.get(key).isCompleted()) {
        deferred.remove(key);
        queued.add(key);
      }
    }
  }

  /** Queued partitions, then the deferred ones: all that still wait to run. */
  private List<String> waiting() {
    List<String> all = new ArrayList<>(queued);
    deferred.keySet().stream().filter(k -> !queued.contains(k)).forEach(all::add);
    return all;
  }

  private boolean canStart() {
    return running.size() < request.concurrency()
        && queued.stream().anyMatch(k -> !running.containsKey(k));
  }

  private boolean finishedRunning() {
    return running.values().stream().anyMatch(Promise::isCompleted);
  }

  private void startWhatFits() {
    if (finishedHere >= request.continueAfter()) return; // drain, then continue as new
    for (String key : List.copyOf(queued)) {
      if (running.size() >= request.concurrency()) return;
      if (running.containsKey(key)) continue; // never the same partition twice at once
      queued.remove(key);
      PartitionWindow window = PartitionWindow.of(request.granularity(), key);
      PublishWorkflow child =
          Workflow.newChildWorkflowStub(
              PublishWorkflow.class,
              PublishRuns.childOptions(request.plan(), key, "backfill", "backfill").build());
      running.put(
          key,
          Async.procedure(
              () -> child.publish(new PublishRequest(request.plan(), "backfill", key, window))));
    }
  }

  private void collectFinished() {
    for (String key : List.copyOf(running.keySet())) {
      Promise<Void> result = running.get(key);
      if (!result.isCompleted()) continue;
      running.remove(key);
      finishedHere++;
      try {
        result.get();
        done++;
        failed.remove(key);
        attempts.remove(key);
      } catch (TemporalFailure failure) {
        if (alreadyGoing(failure)) {
          // another run of this partition (a schedule's, an upstream trigger's, a person's) is
          // going: no failure of this one; it runs again once that one had time to end
          finishedHere--;
          if (!cancelled) deferred.put(key, Workflow.newTimer(BUSY_RETRY));
          continue;
        }
        int tried = attempts.merge(key, 1, Integer::sum);
        if (tried < request.maxAttempts() && !cancelled) {
          queued.add(key);
        } else {
          attempts.remove(key);
          failed.put(key, reason(failure));
        }
      }
    }
  }

  private static boolean alreadyGoing(TemporalFailure failure) {
    return failure instanceof ChildWorkflowFailure
        && failure.getCause() instanceof WorkflowExecutionAlreadyStarted;
  }

  private static String reason(TemporalFailure failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app) return app.getOriginalMessage();
    }
    return failure.getMessage();
  }

  @Override
  public void backfill(String from, String to) {
    if (request == null) {
      pendingRanges.add(new String[] {from, to});
      return;
    }
    addRange(from, to);
  }

  private void addRange(String from, String to) {
    // ranges merge: a partition already queued (or waiting for another run of it) stays so once
    PartitionWindow.range(request.granularity(), from, to).stream()
        .filter(key -> !deferred.containsKey(key))
        .forEach(queued::add);
  }

  @Override
  public void pause() {
    if (!paused) pausedAt = Workflow.currentTimeMillis();
    paused = true;
  }

  @Override
  public void resume() {
    if (paused && pausedAt >= 0) pausedMillis += Workflow.currentTimeMillis() - pausedAt;
    pausedAt = -1;
    paused = false;
  }

  @Override
  public void cancel() {
    cancelled = true;
    queued.clear();
    deferred.clear();
  }

  @Override
  public BackfillProgress progress() {
    // the pace of the time spent running: a pause does not count
    long now = Workflow.currentTimeMillis();
    long elapsed = now - startedAt - pausedMillis - (paused && pausedAt >= 0 ? now - pausedAt : 0);
    List<String> waiting = waiting();
    long left = waiting.size() + running.size();
    long eta =
        finishedHere == 0 || left == 0
            ? (left == 0 ? 0 : -1)
            : elapsed * left / finishedHere / 1000;
    return new BackfillProgress(
        done, List.copyOf(running.keySet()), waiting, Map.copyOf(failed), paused, cancelled, eta);
  }
}
