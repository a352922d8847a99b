package io.meshflow.workflows.activities;

import io.meshflow.workflows.run.PublishRequest;
import java.util.List;

/**
 * The runs an upstream publish starts.
 *
 * @param runs one request per downstream product and partition, trigger {@code upstream}
 * @param refused downstream products that could not run, each with the reason (e.g. a contract
 *     version the registry refuses)
 */
public record DownstreamRuns(List<PublishRequest> runs, List<String> refused) {
  public DownstreamRuns {
    runs = runs == null ? List.of() : List.copyOf(runs);
    refused = refused == null ? List.of() : List.copyOf(refused);
  }
}
