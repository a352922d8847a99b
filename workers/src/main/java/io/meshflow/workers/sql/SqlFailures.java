package io.meshflow.workers.sql;

import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.util.Set;

/**
 * Sorts database errors into transient ones, which Temporal retries, and deterministic ones (bad
 * SQL, bad data, a violated constraint), which fail the run at once with the database's own words.
 */
public final class SqlFailures {
  /** SQLSTATE classes and codes worth another attempt. */
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "57", "58", "40");

  private static final Set<String> TRANSIENT_CODES = Set.of("55P03"); // lock_not_available

  private SqlFailures() {}

  public static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    if (state == null) return true; // the driver lost the connection before any answer
    return TRANSIENT_CLASSES.contains(state.substring(0, Math.min(2, state.length())))
        || TRANSIENT_CODES.contains(state);
  }

  /** The failure to throw from an activity for {@code e}, prefixed with what was being done. */
  public static RuntimeException classify(String doing, SQLException e) {
    String message = doing + ": " + firstLine(e.getMessage());
    if (isTransient(e)) {
      return ApplicationFailure.newFailureWithCause(message, "TransientDatabaseError", e);
    }
    return ApplicationFailure.newNonRetryableFailureWithCause(message, "SqlError", e);
  }

  /** The failure type of {@link #stagingLost}. */
  public static final String STAGING_LOST = "StagingLost";

  /**
   * A staging table no longer holds what the step before wrote to it (the database lost it, e.g. in
   * a crash: unlogged tables come back empty): retrying this step cannot help, running the run's
   * steps again from the start can.
   */
  public static ApplicationFailure stagingLost(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, STAGING_LOST);
  }

  /** Fails with {@link #stagingLost} unless {@code table} holds {@code expected} rows. */
  public static void requireRows(
      org.jdbi.v3.core.Handle h, String table, long expected, String wroteIt) {
    if (expected < 0) return;
    boolean exists =
        h.createQuery("SELECT to_regclass(:t) IS NOT NULL")
            .bind("t", table)
            .mapTo(Boolean.class)
            .one();
    long rows =
        exists ? h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one() : -1;
    if (rows != expected) {
      throw stagingLost(
          table
              + (exists ? " holds " + rows + " rows" : " is gone")
              + ", not the "
              + expected
              + " "
              + wroteIt
              + " wrote");
    }
  }

  /** A deterministic problem with the product itself: retrying cannot help. */
  public static ApplicationFailure contractViolation(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, "ContractViolation");
  }

  private static String firstLine(String text) {
    if (text == null) return "unknown database error";
    return text.strip();
  }
}
