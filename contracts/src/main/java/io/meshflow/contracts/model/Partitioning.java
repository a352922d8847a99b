package io.meshflow.contracts.model;

import java.time.LocalDate;

/** Time partitioning of a product's table. */
public record Partitioning(SqlIdentifier column, Granularity granularity, LocalDate start) {

  /** The size of one partition. */
  public enum Granularity {
    HOUR,
    DAY,
    MONTH
  }
}
