package io.meshflow.orchestrator.api;

/** A requested resource does not exist. */
public class NotFoundException extends RuntimeException {
  public NotFoundException(String kind, String id) {
    super("no " + kind + " '" + id + "'");
  }
}
