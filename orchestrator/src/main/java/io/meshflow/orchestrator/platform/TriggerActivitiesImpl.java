package io.meshflow.orchestrator.platform;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.contracts.model.Partitioning;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SourceRoots;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.orchestrator.catalog.ContractRegistry;
import io.meshflow.orchestrator.catalog.ProductDao;
import io.meshflow.orchestrator.catalog.RegistrationRefusedException;
import io.meshflow.workflows.activities.DownstreamRuns;
import io.meshflow.workflows.activities.TriggerActivities;
import io.meshflow.workflows.activities.UpstreamPublished;
import io.meshflow.workflows.run.PublishPlan;
import io.meshflow.workflows.run.PublishRequest;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Upstream triggers: which products run when a product publishes. The contracts are read from the
 * mesh folder of the run that published (else the configured one) at each call, so a trigger added
 * to a contract works without a restart; each downstream version is registered like any other
 * run's, and a refused one is reported, not run.
 */
public final class TriggerActivitiesImpl implements TriggerActivities {
  public static final String TRIGGER = "upstream";

  /** The trigger of the runs an SLA monitor starts to keep a product fresh. */
  public static final String FRESHNESS = "freshness";

  private final Path meshRoot;
  private final ProductDao products;
  private final Supplier<GovernancePolicies> policies;

  /** A mesh as loaded, and the files it was loaded from as they were then. */
  private record Loaded(Mesh mesh, List<String> files) {}

  private final Map<Path, Loaded> meshes = new ConcurrentHashMap<>();

  private final SourceRoots roots;
  private final Duration heartbeatTimeout;
  private final String kafkaServers;

  public TriggerActivitiesImpl(
      Path meshRoot,
      ProductDao products,
      Supplier<GovernancePolicies> policies,
      SourceRoots roots,
      Duration heartbeatTimeout,
      String kafkaServers) {
    this.kafkaServers = kafkaServers;
    this.roots = roots;
    this.heartbeatTimeout = heartbeatTimeout;
    this.meshRoot = meshRoot;
    this.products = products;
    this.policies = policies;
  }

  @Override
  public DownstreamRuns downstreamRuns(UpstreamPublished published) {
    Path root = published.meshRoot() != null ? Path.of(published.meshRoot()) : meshRoot;
    Mesh mesh = load(root);
    List<DataProductContract> following = mesh.followers(published.product());
    if (following.isEmpty()) return new DownstreamRuns(List.of(), List.of());
    ContractRegistry registry = new ContractRegistry(products, policies.get());
    List<PublishRequest> runs = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (DataProductContract contract : following) {
      try {
        registry.register(contract);
      } catch (RegistrationRefusedException e) {
        refused.add(contract.id() + ": " + e.getMessage());
        continue;
      }
      PublishPlan plan =
          PublishPlan.of(contract, mesh)
              .withHeartbeatTimeout(heartbeatTimeout)
              .withKafkaServers(kafkaServers);
      for (PartitionWindow window : partitions(contract, published.window(), Instant.now())) {
        String key = window == null ? PublishRequest.LATEST : window.key();
        runs.add(new PublishRequest(plan, TRIGGER, key, window));
      }
    }
    return new DownstreamRuns(runs, refused);
  }

  @Override
  public PublishRequest freshnessRun(String product) {
    DataProductContract contract = load(meshRoot).product(ProductId.parse(product)).orElse(null);
    if (contract == null || contract.schedule() == null || !contract.schedule().onFreshness()) {
      return null;
    }
    try {
      new ContractRegistry(products, policies.get()).register(contract);
    } catch (RegistrationRefusedException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          product + " cannot run: " + e.getMessage(), "RegistrationRefused");
    }
    PublishPlan plan =
        PublishPlan.of(contract, load(meshRoot))
            .withHeartbeatTimeout(heartbeatTimeout)
            .withKafkaServers(kafkaServers);
    PartitionWindow window =
        contract.partitioning() == null
            ? null
            : PartitionWindow.latestComplete(contract.partitioning().granularity(), Instant.now());
    return new PublishRequest(
        plan, FRESHNESS, window == null ? PublishRequest.LATEST : window.key(), window);
  }

  /**
   * The mesh in {@code root}, parsed again only when one of its files changed (every publish asks,
   * and listing the files costs far less than parsing them).
   */
  private Mesh load(Path root) {
    List<String> files = files(root);
    Loaded loaded = meshes.get(root);
    if (loaded != null && loaded.files().equals(files)) return loaded.mesh();
    try {
      Mesh mesh = new MeshLoader(roots).load(root);
      meshes.put(root, new Loaded(mesh, files));
      return mesh;
    } catch (ContractException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the contracts in " + root + " have problems:\n" + e.getMessage(), "ContractInvalid");
    }
  }

  /** Every file under {@code root} with its size and modification time. */
  private static List<String> files(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(
              f -> {
                try {
                  return f + " " + Files.size(f) + " " + Files.getLastModifiedTime(f).toMillis();
                } catch (IOException e) {
                  return f + " gone";
                }
              })
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of("unreadable " + e.getMessage());
    }
  }

  /**
   * The partitions of {@code downstream} an upstream publish of {@code upstream} touches: the whole
   * product when it is not partitioned; the partitions overlapping the upstream's window (the same
   * one for the same granularity) from its partitioning start on; its latest complete partition
   * when the upstream replaced a whole product.
   */
  static List<PartitionWindow> partitions(
      DataProductContract downstream, PartitionWindow upstream, Instant now) {
    Partitioning partitioning = downstream.partitioning();
    if (partitioning == null) return Collections.singletonList(null);
    Partitioning.Granularity granularity = partitioning.granularity();
    if (upstream == null) return List.of(PartitionWindow.latestComplete(granularity, now));
    Instant start =
        partitioning.start() == null
            ? Instant.MIN
            : partitioning.start().atStartOfDay().toInstant(ZoneOffset.UTC);
    return PartitionWindow.covering(granularity, upstream).stream()
        .map(key -> PartitionWindow.of(granularity, key))
        .filter(w -> Instant.parse(w.end()).isAfter(start))
        .toList();
  }
}
