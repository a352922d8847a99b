package io.meshflow.orchestrator.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.meshflow.orchestrator.stack.StackException;
import java.net.ConnectException;
import java.sql.SQLException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What a command that failed unexpectedly prints: one line saying what is down or what went wrong,
 * never a stack trace (set {@code MESHFLOW_DEBUG=1} to see it). Exit code 3 when a server could not
 * be reached, 1 otherwise.
 */
final class CommandFailures implements IExecutionExceptionHandler {
  static final int UNREACHABLE = 3;

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    var err = command.getErr();
    if (System.getenv("MESHFLOW_DEBUG") != null) e.printStackTrace(err);
    String unreachable = unreachable(e);
    if (unreachable != null) {
      err.println("meshflow: " + unreachable);
      err.flush();
      return UNREACHABLE;
    }
    err.println("meshflow: " + describe(e));
    err.flush();
    return 1;
  }

  /** Which server could not be reached and why, or null when that is not what happened. */
  static String unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s
          && (s.getStatus().getCode() == Status.Code.UNAVAILABLE
              || s.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED)) {
        return "cannot reach Temporal: " + firstLine(s.getStatus().getDescription());
      }
      if (t instanceof SQLException sql
          && (sql.getSQLState() == null
              || sql.getSQLState().startsWith("08")
              || "57P03".equals(sql.getSQLState()))) {
        return "cannot reach PostgreSQL: " + firstLine(sql.getMessage());
      }
      if (t instanceof ConnectException c) {
        return "cannot connect: " + firstLine(c.getMessage());
      }
    }
    return null;
  }

  static String describe(Throwable e) {
    if (e instanceof StackException) return e.getMessage();
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message = firstLine(e.getMessage());
    String rootMessage = firstLine(root.getMessage());
    return root == e || message.contains(rootMessage)
        ? message + " (" + e.getClass().getSimpleName() + ")"
        : message + ": " + rootMessage;
  }

  private static String firstLine(String text) {
    if (text == null || text.isBlank()) return "no details";
    return text.strip().lines().findFirst().orElse(text);
  }
}
