package io.meshflow.contracts.mesh;

import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.RunTrigger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every contract of a mesh, validated together: names unique, references resolved, no cycles.
 * Products are kept in dependency order (each after everything it reads).
 */
public final class Mesh {
  private final Path root;
  private final Map<ProductId, DataProductContract> products;
  private final Map<String, List<io.meshflow.contracts.model.Webhook>> webhooks;

  Mesh(
      Path root,
      List<DataProductContract> inDependencyOrder,
      Map<String, List<io.meshflow.contracts.model.Webhook>> webhooks) {
    this.root = root;
    this.webhooks = Map.copyOf(webhooks);
    this.products = new LinkedHashMap<>();
    inDependencyOrder.forEach(c -> products.put(c.id(), c));
  }

  public Path root() {
    return root;
  }

  /** All products, upstream before downstream. */
  public Collection<DataProductContract> products() {
    return products.values();
  }

  /** The webhooks {@code product}'s SLA alerts go to ({@code <domain>/alerts.yaml}). */
  public List<io.meshflow.contracts.model.Webhook> webhooks(ProductId product) {
    return webhooks.getOrDefault(product.domain().value(), List.of()).stream()
        .filter(w -> w.covers(product.name().value()))
        .toList();
  }

  public Optional<DataProductContract> product(ProductId id) {
    return Optional.ofNullable(products.get(id));
  }

  /**
   * The followers of {@code product}: the products with {@code trigger: on-upstream} that read it,
   * in dependency order. They run when it publishes.
   */
  public List<DataProductContract> followers(ProductId product) {
    return products.values().stream()
        .filter(c -> c.trigger() == RunTrigger.ON_UPSTREAM)
        .filter(c -> c.upstreamProducts().contains(product))
        .toList();
  }

  /** Whether any product of the mesh follows another (runs when an upstream one publishes). */
  public boolean hasFollowers() {
    return products.values().stream().anyMatch(c -> c.trigger() == RunTrigger.ON_UPSTREAM);
  }

  /** The Kafka topics the mesh's products read, each once, in the order of the products. */
  public List<io.meshflow.contracts.model.KafkaTopic> kafkaTopics() {
    java.util.Map<String, io.meshflow.contracts.model.KafkaTopic> topics =
        new java.util.LinkedHashMap<>();
    for (DataProductContract c : products()) {
      if (c.source() != null && c.source().kafka() != null) {
        topics.putIfAbsent(
            c.source().kafka().bootstrapServers() + "/" + c.source().kafka().topic(),
            c.source().kafka());
      }
    }
    return List.copyOf(topics.values());
  }

  /**
   * A database on the mesh's own PostgreSQL server that products read ({@code connection.database}
   * in a {@code postgres} source).
   *
   * @param seed the SQL file the embedded stack creates it with, or {@code null}
   * @param readers the domains whose products read it
   */
  public record ServerDatabase(String name, Path seed, Set<String> readers) {
    public ServerDatabase {
      readers = Set.copyOf(readers);
    }
  }

  /** The databases on the mesh's own server its products read, each once, by name. */
  public List<ServerDatabase> serverDatabases() {
    Map<String, Path> seeds = new java.util.TreeMap<>();
    Map<String, Set<String>> readers = new LinkedHashMap<>();
    for (DataProductContract c : products()) {
      io.meshflow.contracts.model.JdbcSource jdbc = c.source() == null ? null : c.source().jdbc();
      if (jdbc == null || jdbc.meshDatabase() == null) continue;
      if (jdbc.seed() != null) seeds.putIfAbsent(jdbc.meshDatabase(), Path.of(jdbc.seed()));
      seeds.putIfAbsent(jdbc.meshDatabase(), null);
      readers
          .computeIfAbsent(jdbc.meshDatabase(), k -> new TreeSet<>())
          .add(c.id().domain().value());
    }
    List<ServerDatabase> databases = new ArrayList<>();
    seeds.forEach((name, seed) -> databases.add(new ServerDatabase(name, seed, readers.get(name))));
    return databases;
  }

  /** The domains that own at least one product, sorted. */
  public Set<String> domains() {
    Set<String> domains = new TreeSet<>();
    products.keySet().forEach(id -> domains.add(id.domain().value()));
    return domains;
  }

  /**
   * Groups products into waves: every product's upstream products are in earlier waves, so the
   * products of one wave can run at the same time.
   */
  public List<List<DataProductContract>> waves(Collection<ProductId> selection) {
    Map<ProductId, Integer> level = new LinkedHashMap<>();
    for (DataProductContract c : products.values()) {
      int l = 0;
      for (ProductId up : c.upstreamProducts()) {
        if (level.containsKey(up)) l = Math.max(l, level.get(up) + 1);
      }
      level.put(c.id(), l);
    }
    List<List<DataProductContract>> waves = new ArrayList<>();
    for (DataProductContract c : products.values()) {
      if (!selection.contains(c.id())) continue;
      int l = level.get(c.id());
      while (waves.size() <= l) waves.add(new ArrayList<>());
      waves.get(l).add(c);
    }
    waves.removeIf(List::isEmpty);
    return waves;
  }
}
