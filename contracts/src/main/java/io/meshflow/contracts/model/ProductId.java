package io.meshflow.contracts.model;

/** A data product's id, {@code <domain>.<name>}; also its published table {@code domain.name}. */
public record ProductId(SqlIdentifier domain, SqlIdentifier name) {

  public ProductId {
    if (domain == null || name == null) {
      throw new IllegalArgumentException("product id needs a domain and a name");
    }
  }

  /** Parses {@code orders.order_events}. */
  public static ProductId parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("product id is missing");
    }
    int dot = text.indexOf('.');
    if (dot < 0 || dot != text.lastIndexOf('.')) {
      throw new IllegalArgumentException(
          "invalid product id '" + text + "' (expected <domain>.<name>, e.g. orders.order_events)");
    }
    try {
      return new ProductId(
          SqlIdentifier.of(text.substring(0, dot)), SqlIdentifier.of(text.substring(dot + 1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid product id '" + text + "': " + e.getMessage(), e);
    }
  }

  /** The fully qualified, quoted table name of the published product. */
  public String qualifiedTable() {
    return domain.quoted() + "." + name.quoted();
  }

  @Override
  public String toString() {
    return domain.value() + "." + name.value();
  }
}
