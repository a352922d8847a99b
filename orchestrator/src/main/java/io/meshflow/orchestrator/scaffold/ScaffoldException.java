package io.meshflow.orchestrator.scaffold;

/** A sample or a request {@code meshflow new} cannot scaffold from; the message says why. */
public class ScaffoldException extends RuntimeException {
  public ScaffoldException(String message) {
    super(message);
  }
}
