package io.meshflow.contracts.model;

/** What starts a product's runs besides people, schedules and backfills. */
public enum RunTrigger {
  /** Only when asked (CLI, API), by its schedule or by a backfill. */
  MANUAL("manual"),
  /** Also each time one of its upstream products publishes, for the same partition. */
  ON_UPSTREAM("on-upstream");

  private final String contractName;

  RunTrigger(String contractName) {
    this.contractName = contractName;
  }

  public String contractName() {
    return contractName;
  }

  /**
   * @throws IllegalArgumentException naming the accepted values
   */
  public static RunTrigger parse(String text) {
    for (RunTrigger t : values()) {
      if (t.contractName.equals(text)) return t;
    }
    throw new IllegalArgumentException(
        "unknown trigger '" + text + "' (expected manual or on-upstream)");
  }
}
