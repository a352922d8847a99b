package io.meshflow.orchestrator.api;

/** A run was asked for while one with other inputs was going: that one was joined, not this. */
public final class JoinedConflictException extends RuntimeException {
  public JoinedConflictException(String message) {
    super(message);
  }
}
