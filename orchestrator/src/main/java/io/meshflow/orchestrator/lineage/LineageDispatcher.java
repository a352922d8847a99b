package io.meshflow.orchestrator.lineage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers Meshflow's lineage events from the catalog to the configured transports, in order, in
 * the background: a transport that is down never slows a run; its events wait in the outbox and go
 * out, retried with backoff (up to a minute apart), once it takes them again.
 */
public final class LineageDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LineageDispatcher.class);
  private static final long MAX_BACKOFF_MILLIS = 60_000;

  private final Jdbi jdbi;
  private final List<LineageTransport> transports;
  private final long firstEventId;
  private final ScheduledExecutorService executor;

  /** Starts delivering the events recorded from now on. */
  public LineageDispatcher(Jdbi jdbi, List<LineageTransport> transports, Duration every) {
    this.jdbi = jdbi;
    this.transports = List.copyOf(transports);
    this.firstEventId =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT coalesce(max(id), 0) + 1 FROM meshflow.lineage_events")
                    .mapTo(Long.class)
                    .one());
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "meshflow-lineage-dispatcher");
              t.setDaemon(true);
              return t;
            });
    if (!transports.isEmpty()) {
      executor.scheduleWithFixedDelay(
          this::deliverDue, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** One round: queue new events for every transport, then send what is due, oldest first. */
  void deliverDue() {
    try {
      for (LineageTransport transport : transports) {
        jdbi.useHandle(
            h ->
                h.createUpdate(
                        """
                INSERT INTO meshflow.lineage_deliveries (event_id, transport)
                SELECT e.id, :transport FROM meshflow.lineage_events e
                WHERE e.id >= :first AND e.producer = :producer
                ON CONFLICT DO NOTHING
                """)
                    .bind("transport", transport.name())
                    .bind("first", firstEventId)
                    .bind("producer", LineageEventFactory.PRODUCER.toString())
                    .execute());
        deliver(transport);
      }
    } catch (RuntimeException e) {
      LOG.warn("lineage delivery round failed; will try again: {}", e.getMessage());
    }
  }

  private void deliver(LineageTransport transport) {
    List<Due> due =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        """
            SELECT d.event_id, d.attempts, CAST(e.event AS text)
            FROM meshflow.lineage_deliveries d JOIN meshflow.lineage_events e ON e.id = d.event_id
            WHERE d.transport = :transport AND d.delivered_at IS NULL AND d.next_attempt_at <= now()
            ORDER BY d.event_id LIMIT 100
            """)
                    .bind("transport", transport.name())
                    .map((rs, ctx) -> new Due(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                    .list());
    for (Due item : due) {
      String event = item.event();
      try {
        transport.send(event);
        jdbi.useHandle(
            h ->
                h.execute(
                    "UPDATE meshflow.lineage_deliveries SET delivered_at = now(), attempts = attempts + 1, last_error = NULL"
                        + " WHERE event_id = ? AND transport = ?",
                    item.eventId(),
                    transport.name()));
      } catch (Exception e) {
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        long backoff = Math.min(MAX_BACKOFF_MILLIS, 500L << Math.min(16, item.attempts()));
        jdbi.useHandle(
            h ->
                h.execute(
                    "UPDATE meshflow.lineage_deliveries SET attempts = attempts + 1, last_error = ?,"
                        + " next_attempt_at = now() + CAST(? AS interval) WHERE event_id = ? AND transport = ?",
                    String.valueOf(e.getMessage()),
                    backoff + " milliseconds",
                    item.eventId(),
                    transport.name()));
        return; // keep the order: later events wait for this one
      }
    }
  }

  /** An event waiting for a transport, with the attempts so far. */
  private record Due(long eventId, long attempts, String event) {}

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
