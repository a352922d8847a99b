package io.meshflow.orchestrator.publish;

import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.workflows.publish.PublishProgress;
import io.meshflow.workflows.run.TriggeredRun;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Publishes a selection of a mesh's products, upstream before downstream: products of one wave run
 * at the same time, and a product whose upstream failed is skipped, not run on stale input.
 */
public final class MeshPublisher {
  private static final long POLL_MILLIS = 200;

  /** Hears about runs as they go; the CLI prints, tests record. */
  public interface Listener {
    default void started(RunHandle run) {}

    default void progress(RunHandle run, PublishProgress progress) {}

    default void skipped(DataProductContract product, String reason) {}

    /** A step of the run is being tried again. */
    default void retrying(RunHandle run, PublishService.Retry retry) {}
  }

  /**
   * What happened to one selected product.
   *
   * @param runId the run, or {@code null} when it was skipped
   * @param skipReason why it did not run, or {@code null}
   * @param conflict why the run that was joined did not publish what the caller has, or null
   */
  public record Outcome(
      ProductId product, String runId, boolean succeeded, String skipReason, String conflict) {}

  private final PublishService service;

  public MeshPublisher(PublishService service) {
    this.service = service;
  }

  public List<Outcome> publish(
      Mesh mesh, Collection<ProductId> selection, String trigger, Listener listener)
      throws InterruptedException {
    return publish(mesh, selection, trigger, null, listener);
  }

  /** As above, running partitioned products for {@code partitionKey}. */
  public List<Outcome> publish(
      Mesh mesh,
      Collection<ProductId> selection,
      String trigger,
      String partitionKey,
      Listener listener)
      throws InterruptedException {
    return publish(mesh, selection, trigger, partitionKey, false, listener);
  }

  /**
   * As above; with {@code fullRefresh}, the selected products read their sources from the start and
   * are rebuilt from them ({@code publish --full-refresh}).
   */
  public List<Outcome> publish(
      Mesh mesh,
      Collection<ProductId> selection,
      String trigger,
      String partitionKey,
      boolean fullRefresh,
      Listener listener)
      throws InterruptedException {
    List<Outcome> outcomes = new ArrayList<>();
    Set<ProductId> failed = new HashSet<>();
    // runs that upstream triggers started for products of the selection: joined, not doubled
    java.util.Map<String, TriggeredRun> triggered = new java.util.HashMap<>();
    for (List<DataProductContract> wave : mesh.waves(selection)) {
      List<RunHandle> running = new ArrayList<>();
      List<DataProductContract> started = new ArrayList<>();
      for (DataProductContract product : wave) {
        List<ProductId> brokenUpstream =
            product.upstreamProducts().stream().filter(failed::contains).toList();
        if (!brokenUpstream.isEmpty()) {
          String reason = "upstream " + brokenUpstream.get(0) + " failed";
          failed.add(product.id());
          listener.skipped(product, reason);
          outcomes.add(new Outcome(product.id(), null, false, reason, null));
          continue;
        }
        TriggeredRun follower = triggered.get(product.id().toString());
        RunHandle run =
            follower != null
                ? service.join(follower.product(), follower.workflowId(), follower.runId())
                : service.start(product, trigger, partitionKey, fullRefresh);
        listener.started(run);
        running.add(run);
        started.add(product);
      }
      while (running.stream().anyMatch(r -> !r.result().isDone())) {
        for (RunHandle run : running) {
          report(run, listener);
        }
        Thread.sleep(POLL_MILLIS);
      }
      for (int i = 0; i < running.size(); i++) {
        RunHandle run = running.get(i);
        report(run, listener);
        // a joined run that ran other content did not publish the caller's
        boolean ok = !run.result().isCompletedExceptionally() && run.conflict() == null;
        if (!ok) failed.add(started.get(i).id());
        if (ok) {
          for (TriggeredRun t : run.result().join().triggered()) {
            if (t.runId() != null) triggered.put(t.product(), t);
          }
        }
        outcomes.add(new Outcome(started.get(i).id(), run.runId(), ok, null, run.conflict()));
      }
    }
    return outcomes;
  }

  private void report(RunHandle run, Listener listener) {
    try {
      listener.progress(run, service.progress(run));
      if (!run.result().isDone()) service.retries(run).forEach(r -> listener.retrying(run, r));
    } catch (RuntimeException e) {
      // a run that has just ended or not yet started may not answer; the next poll will
    }
  }
}
