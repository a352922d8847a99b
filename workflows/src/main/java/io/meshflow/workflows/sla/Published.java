package io.meshflow.workflows.sla;

/**
 * A successful publish, as the catalog-update step tells the monitor.
 *
 * @param dataTimeMillis the newest data time it published (event time, else ingestion time, else
 *     the publish's own time); 0 when it published no new data
 * @param atMillis when it published
 */
public record Published(String runId, long dataTimeMillis, long atMillis) {}
