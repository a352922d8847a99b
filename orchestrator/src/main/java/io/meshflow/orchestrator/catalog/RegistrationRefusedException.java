package io.meshflow.orchestrator.catalog;

import java.util.List;

/** A contract version the catalog will not register; the report says why, line by line. */
public class RegistrationRefusedException extends RuntimeException {
  private final List<String> report;

  public RegistrationRefusedException(String product, List<String> report) {
    super(product + " cannot be registered:\n  " + String.join("\n  ", report));
    this.report = List.copyOf(report);
  }

  public List<String> report() {
    return report;
  }
}
