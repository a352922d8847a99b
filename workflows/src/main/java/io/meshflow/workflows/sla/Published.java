package io.meshflow.workflows.sla;

/**
 * A successful publish, as the catalog-update step tells the monitor.
 *
 * @param dataTimeMillis the newest data time it published (event time, else ingestion time, else
 *     the publish's own time); 0 when it published no new data
 * @param atMillis when it published
 * @param runMillis how long the run took, from its start to its publish; 0 when unknown
 */
public record Published(String runId, long dataTimeMillis, long atMillis, long runMillis) {
  public Published(String runId, long dataTimeMillis, long atMillis) {
    this(runId, dataTimeMillis, atMillis, 0);
  }
}
