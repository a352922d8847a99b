package io.meshflow.orchestrator.lineage;

import io.meshflow.orchestrator.catalog.LineageDao;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

  private final LineageDao dao;
  private final List<LineageTransport> transports;
  private final long firstEventId;
  private final ScheduledExecutorService executor;

  /** Starts delivering the events recorded from now on. */
  public LineageDispatcher(LineageDao dao, List<LineageTransport> transports, Duration every) {
    this.dao = dao;
    this.transports = List.copyOf(transports);
    this.firstEventId = dao.nextEventId();
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
        dao.enqueue(transport.name(), firstEventId, LineageEventFactory.PRODUCER.toString());
        deliver(transport);
      }
    } catch (RuntimeException e) {
      LOG.warn("lineage delivery round failed; will try again: {}", e.getMessage());
    }
  }

  private void deliver(LineageTransport transport) {
    List<LineageDao.Due> due = dao.due(transport.name());
    for (LineageDao.Due item : due) {
      String event = item.event();
      try {
        transport.send(event);
        dao.delivered(item.eventId(), transport.name());
      } catch (Exception e) {
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        long backoff = Math.min(MAX_BACKOFF_MILLIS, 500L << Math.min(16, item.attempts()));
        dao.failed(item.eventId(), transport.name(), String.valueOf(e.getMessage()), backoff);
        return; // keep the order: later events wait for this one
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
