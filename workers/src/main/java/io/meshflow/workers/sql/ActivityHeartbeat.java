package io.meshflow.workers.sql;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the heartbeat of the activity running on this thread going while its SQL runs, so that a
 * worker that dies is noticed within the activity's heartbeat timeout (seconds), not its whole
 * start-to-close timeout; and stops that SQL when Temporal cancels the activity, which it can only
 * say through a heartbeat. Outside an activity (tests, benchmarks) it does nothing.
 */
final class ActivityHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityHeartbeat.class);

  /** How often to beat when the activity has no heartbeat timeout. */
  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  private static final ScheduledExecutorService TIMER =
      Executors.newScheduledThreadPool(
          1,
          r -> {
            Thread t = new Thread(r, "meshflow-heartbeat");
            t.setDaemon(true);
            return t;
          });

  private final ActivityExecutionContext context;
  private final String doing;
  private final long started = System.nanoTime();
  private final ScheduledFuture<?> beats;
  private volatile Connection connection;
  private volatile ActivityCompletionException cancelled;

  private ActivityHeartbeat(ActivityExecutionContext context, String doing) {
    this.context = context;
    this.doing = doing;
    if (context == null) {
      beats = null;
      return;
    }
    Duration timeout = context.getInfo().getHeartbeatTimeout();
    Duration every = timeout == null || timeout.isZero() ? DEFAULT_INTERVAL : timeout.dividedBy(3);
    long millis = Math.max(100, every.toMillis());
    beats = TIMER.scheduleWithFixedDelay(this::beat, 0, millis, TimeUnit.MILLISECONDS);
  }

  /** Starts beating for the activity running on this thread, if any; {@code doing} is shown. */
  static ActivityHeartbeat start(String doing) {
    ActivityExecutionContext context;
    try {
      context = Activity.getExecutionContext();
    } catch (IllegalStateException notAnActivity) {
      context = null;
    }
    return new ActivityHeartbeat(context, doing);
  }

  /** The connection whose statement a cancellation stops. */
  void watch(Connection connection) {
    this.connection = connection;
  }

  /** The cancellation Temporal delivered, or null. */
  ActivityCompletionException cancellation() {
    return cancelled;
  }

  private void beat() {
    try {
      long seconds = (System.nanoTime() - started) / 1_000_000_000L;
      context.heartbeat(doing + " (" + seconds + " s)");
    } catch (ActivityCompletionException e) {
      cancelled = e;
      beats.cancel(false);
      Connection c = connection;
      if (c != null) {
        try {
          c.unwrap(PGConnection.class).cancelQuery();
        } catch (SQLException cannotCancel) {
          LOG.warn("{}: could not stop the statement of a cancelled activity", doing, cannotCancel);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: heartbeat failed: {}", doing, e.toString());
    }
  }

  @Override
  public void close() {
    if (beats != null) beats.cancel(false);
  }
}
