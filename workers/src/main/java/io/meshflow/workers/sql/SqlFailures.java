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

  /** A deterministic problem with the product itself: retrying cannot help. */
  public static ApplicationFailure contractViolation(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, "ContractViolation");
  }

  private static String firstLine(String text) {
    if (text == null) return "unknown database error";
    return text.strip();
  }
}
