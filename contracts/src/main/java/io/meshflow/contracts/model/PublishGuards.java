package io.meshflow.contracts.model;

/**
 * What a run may do to the data already published ({@code spec.publish}). By default a run never
 * replaces rows with an empty result: an empty source or a model that filters everything out is far
 * more often a fault upstream than the truth.
 *
 * @param allowEmpty an empty result may replace published rows
 * @param maxShrinkPercent the largest share (0–100) of the published rows a run may take away, or
 *     {@code null} for no limit
 */
public record PublishGuards(boolean allowEmpty, Double maxShrinkPercent) {
  /** The defaults: an empty result never replaces rows; any other size may. */
  public static PublishGuards defaults() {
    return new PublishGuards(false, null);
  }
}
