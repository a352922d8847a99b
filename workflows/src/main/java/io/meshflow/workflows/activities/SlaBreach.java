package io.meshflow.workflows.activities;

/**
 * A breach of a product's SLA, as an interval.
 *
 * @param kind {@link #FRESHNESS} or {@link #AVAILABILITY}
 * @param endedAtMillis when it ended; 0 while it goes on
 * @param cause why it began, in words (when it begins)
 * @param endedByRun the run whose publish ended a freshness breach, or null
 */
public record SlaBreach(
    String product,
    String kind,
    long startedAtMillis,
    long endedAtMillis,
    String cause,
    String endedByRun) {
  public static final String FRESHNESS = "freshness";
  public static final String AVAILABILITY = "availability";

  /** The breach's id, the same for its start and its end: {@code product/kind/start}. */
  public static String breachId(String product, String kind, long startedAtMillis) {
    return product + "/" + kind + "/" + startedAtMillis;
  }
}
