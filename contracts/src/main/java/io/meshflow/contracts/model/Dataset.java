package io.meshflow.contracts.model;

/**
 * A dataset outside the mesh, named as OpenLineage names datasets: a namespace (e.g. {@code
 * raw.kafka}) and a name within it (e.g. {@code order_events}).
 */
public record Dataset(String namespace, String name) {
  /**
   * The dataset {@code text} names, {@code <namespace>.<name>}: the name is the part after the last
   * dot.
   */
  public static Dataset parse(String text) {
    int dot = text.lastIndexOf('.');
    if (dot <= 0 || dot == text.length() - 1 || text.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "invalid dataset '"
              + text
              + "' (expected <namespace>.<name>, e.g. raw.kafka.order_events)");
    }
    return new Dataset(text.substring(0, dot), text.substring(dot + 1));
  }

  @Override
  public String toString() {
    return namespace + "." + name;
  }
}
