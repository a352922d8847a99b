package io.meshflow.orchestrator.stack;

/** The stack a command needs cannot be started or reached; the message says what to do. */
public class StackException extends RuntimeException {
  public StackException(String message) {
    super(message);
  }

  public StackException(String message, Throwable cause) {
    super(message, cause);
  }
}
