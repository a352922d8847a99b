package io.meshflow.workflows.activities;

import io.meshflow.workflows.run.PublishRequest;
import io.temporal.activity.ActivityInterface;

/** Finds the runs an upstream publish triggers. Runs on the platform task queue. */
@ActivityInterface
public interface TriggerActivities {
  /**
   * The downstream products that declare {@code trigger: on-upstream} on the product just
   * published, each registered and planned for the partitions the publish touched. Read-only but
   * for the idempotent registration of their contract versions.
   */
  DownstreamRuns downstreamRuns(UpstreamPublished published);

  /**
   * The run that keeps {@code product} fresh ({@code schedule: { on: freshness }}, trigger {@code
   * freshness}): its current contract registered and planned, for its latest complete partition
   * when partitioned. {@code null} when its contract no longer asks for such runs.
   */
  PublishRequest freshnessRun(String product);
}
