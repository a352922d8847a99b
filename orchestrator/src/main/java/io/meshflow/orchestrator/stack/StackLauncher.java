package io.meshflow.orchestrator.stack;

import com.zaxxer.hikari.HikariDataSource;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.KafkaTopic;
import io.meshflow.orchestrator.access.AccessService;
import io.meshflow.orchestrator.access.DomainRoles;
import io.meshflow.orchestrator.catalog.Catalog;
import io.meshflow.orchestrator.catalog.CatalogService;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.lineage.DatasetNaming;
import io.meshflow.orchestrator.lineage.LineageGraph;
import io.meshflow.orchestrator.lineage.LineageStore;
import io.meshflow.orchestrator.platform.PlatformWorker;
import io.meshflow.orchestrator.publish.TriggeredRuns;
import io.meshflow.workers.sql.DomainRole;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workers.worker.DomainWorkers;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/**
 * Starts the stack a command needs. With nothing configured a command gets the embedded stack in
 * its own process, unless a {@code meshflow dev} is running on the same home: then it joins that
 * one as a client. Configured {@code meshflow.temporal.target} and {@code meshflow.database.url}
 * point everything at external servers instead.
 */
@Component
public class StackLauncher {
  private final MeshflowProperties properties;

  public StackLauncher(MeshflowProperties properties) {
    this.properties = properties;
  }

  /** The home whose catalog and warehouse the stacks use ({@code MESHFLOW_HOME}), for messages. */
  public java.nio.file.Path home() {
    return properties.home().toAbsolutePath().normalize();
  }

  /**
   * What a command asks for.
   *
   * @param temporal whether it needs Temporal at all (listing runs does not)
   * @param domains the domains whose workers run here when the stack is embedded (all of the mesh)
   * @param topics the mesh's Kafka topics: those that name no cluster of their own make the
   *     embedded stack start its broker, and are created (and seeded) on it when missing
   * @param databases the databases on the mesh's own server its sources read: the embedded stack
   *     creates (and seeds) them when missing
   */
  public record Needs(
      boolean temporal,
      Collection<String> domains,
      List<KafkaTopic> topics,
      List<Mesh.ServerDatabase> databases) {
    public Needs {
      topics = topics == null ? List.of() : List.copyOf(topics);
      databases = databases == null ? List.of() : List.copyOf(databases);
    }

    public Needs(boolean temporal, Collection<String> domains) {
      this(temporal, domains, List.of(), List.of());
    }

    /** What running {@code mesh}'s products needs: every domain, topic and server database. */
    public static Needs toRun(Mesh mesh) {
      return new Needs(true, mesh.domains(), mesh.kafkaTopics(), mesh.serverDatabases());
    }
  }

  /**
   * The Kafka cluster of topics whose declaration names none: the configured one ({@code
   * MESHFLOW_KAFKA_BOOTSTRAP_SERVERS}), else the home's embedded broker; {@code null} for a stack
   * of external servers with no Kafka configured.
   */
  public String kafkaServers() {
    if (properties.kafka().external()) return properties.kafka().bootstrapServers();
    if (properties.temporal().external() || properties.database().external()) return null;
    return "localhost:" + EmbeddedKafka.stablePort(properties.home());
  }

  /** Whether {@code topics} need the embedded broker: some name no cluster, and none is set. */
  private boolean needsEmbeddedKafka(List<KafkaTopic> topics) {
    return !properties.kafka().external()
        && topics.stream().anyMatch(t -> t.bootstrapServers() == null);
  }

  /** The stack for an ordinary command: embedded, or a client of a running dev or deployment. */
  public MeshStack forCommand(Needs needs) {
    if (properties.temporal().external() || properties.database().external()) {
      return external(needs.temporal(), List.of(), false);
    }
    Optional<DevStackFile> dev = DevStackFile.running(properties.home());
    if (dev.isPresent()) {
      return client(dev.get(), needs.temporal());
    }
    return embedded(StackMode.EMBEDDED, needs, 0, 0);
  }

  /** The long-running dev stack: Temporal and PostgreSQL on local ports, every worker. */
  public MeshStack dev(Needs needs, int temporalPort, int postgresPort) {
    DevStackFile.running(properties.home())
        .ifPresent(
            d -> {
              throw new StackException(
                  "a meshflow dev is already running on "
                      + properties.home()
                      + " (pid "
                      + d.pid()
                      + ")");
            });
    return embedded(StackMode.DEV, needs, temporalPort, postgresPort);
  }

  /** A worker process for {@code domains} (and the platform's activities if asked). */
  public MeshStack worker(Collection<String> domains, boolean platform) {
    if (properties.temporal().external()) {
      return external(true, domains, platform);
    }
    DevStackFile dev =
        DevStackFile.running(properties.home())
            .orElseThrow(
                () ->
                    new StackException(
                        "no Temporal to join: start `./meshflow dev` first, or set meshflow.temporal.target"
                            + " (MESHFLOW_TEMPORAL_TARGET) and meshflow.database.url (MESHFLOW_DATABASE_URL)"));
    HikariDataSource ds = DatabasePools.local(dev.postgresPort(), "meshflow-worker");
    TemporalConnection temporal =
        TemporalConnection.connect("localhost:" + dev.temporalPort(), "default");
    return withWorkers(
        StackMode.WORKER,
        ds,
        Catalog.open(ds),
        temporal,
        domains,
        platform,
        List.of(),
        List.of(),
        false);
  }

  private MeshStack client(DevStackFile dev, boolean needsTemporal) {
    HikariDataSource ds = DatabasePools.local(dev.postgresPort(), "meshflow-client");
    TemporalConnection temporal =
        needsTemporal
            ? TemporalConnection.connect("localhost:" + dev.temporalPort(), "default")
            : null;
    return clientStack(ds, Catalog.join(ds), temporal);
  }

  /** A stack that hosts no worker: the services over the database and Temporal, if any. */
  private MeshStack clientStack(HikariDataSource ds, Catalog catalog, TemporalConnection temporal) {
    List<AutoCloseable> parts = new ArrayList<>();
    if (temporal != null) parts.add(temporal::close);
    parts.add(ds);
    return new MeshStack(
        services(StackMode.CLIENT, ds, catalog, temporal), ds.getJdbcUrl(), parts, List.of());
  }

  /** The services of a stack, wired once. */
  private MeshServices services(
      StackMode mode, HikariDataSource ds, Catalog catalog, TemporalConnection temporal) {
    return new MeshServices(
        mode,
        catalog,
        new Warehouse(ds),
        temporal == null ? null : temporal.client(),
        new CatalogService(catalog.products(), catalog.runs()),
        new LineageGraph(catalog.lineage(), new DatasetNaming(ds.getJdbcUrl())),
        new LineageStore(catalog.lineage()),
        new TriggeredRuns(catalog.runs(), mode == StackMode.EMBEDDED),
        properties.heartbeatTimeout(),
        kafkaServers());
  }

  private MeshStack external(boolean needsTemporal, Collection<String> domains, boolean platform) {
    MeshflowProperties.Database db = properties.database();
    if (!db.external()) {
      throw new StackException(
          "meshflow.temporal.target is set but meshflow.database.url is not: an external Temporal needs an"
              + " external PostgreSQL (MESHFLOW_DATABASE_URL)");
    }
    HikariDataSource ds = DatabasePools.pool(db.url(), db.username(), db.password(), "meshflow");
    Catalog catalog = Catalog.open(ds);
    if (!needsTemporal) {
      return clientStack(ds, catalog, null);
    }
    if (!properties.temporal().external()) {
      throw new StackException(
          "meshflow.database.url is set but meshflow.temporal.target is not: point both at the deployment");
    }
    TemporalConnection temporal =
        TemporalConnection.connect(
            properties.temporal().target(), properties.temporal().namespace());
    if (domains.isEmpty() && !platform) {
      return clientStack(ds, catalog, temporal);
    }
    return withWorkers(
        StackMode.WORKER, ds, catalog, temporal, domains, platform, List.of(), List.of(), true);
  }

  private MeshStack embedded(StackMode mode, Needs needs, int temporalPort, int postgresPort) {
    List<KafkaTopic> topics = needs.topics();
    Path home = properties.home();
    List<AutoCloseable> owned = new ArrayList<>();
    owned.add(HomeLock.take(home));
    try {
      EmbeddedDatabase database =
          EmbeddedDatabase.start(
              home.resolve("postgres"),
              postgresPort > 0 ? postgresPort : EmbeddedDatabase.stablePort(home));
      owned.add(database);
      HikariDataSource ds = DatabasePools.pool(database.jdbcUrl(), "postgres", null, "meshflow");
      Catalog catalog = Catalog.open(ds);
      // the Temporal of an earlier embedded stack lived in its process: its unfinished runs died
      // with it (this one holds the home's lock, so no other process runs any)
      catalog.runs().abandonRunning();
      List<String> notices = new ArrayList<>();
      if (needsEmbeddedKafka(topics)) {
        EmbeddedKafka kafka =
            EmbeddedKafka.start(home.resolve("kafka"), EmbeddedKafka.stablePort(home));
        owned.add(kafka);
        notices.addAll(
            new KafkaTopics(kafka.bootstrapServers())
                .ensure(topics.stream().filter(t -> t.bootstrapServers() == null).toList()));
      }
      notices.addAll(
          new ServerDatabases(Jdbi.create(ds), ds.getJdbcUrl()).ensure(needs.databases()));
      if (!needs.temporal()) {
        List<AutoCloseable> parts = new ArrayList<>(List.of(ds));
        parts.addAll(reversed(owned));
        return new MeshStack(services(mode, ds, catalog, null), ds.getJdbcUrl(), parts, notices);
      }
      TemporalConnection temporal =
          mode == StackMode.DEV
              ? TemporalConnection.portBound(temporalPort)
              : TemporalConnection.inProcess();
      return withWorkers(mode, ds, catalog, temporal, needs.domains(), true, owned, notices, false);
    } catch (RuntimeException e) {
      for (int i = owned.size() - 1; i >= 0; i--) {
        try {
          owned.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private MeshStack withWorkers(
      StackMode mode,
      HikariDataSource ds,
      Catalog catalog,
      TemporalConnection temporal,
      Collection<String> domains,
      boolean platform,
      List<AutoCloseable> owned,
      List<String> notices,
      boolean passwords) {
    MeshServices services = services(mode, ds, catalog, temporal);
    WorkerFactory factory = WorkerFactory.newInstance(temporal.client());
    List<HikariDataSource> domainPools = new ArrayList<>();
    List<AutoCloseable> background = new ArrayList<>();
    try {
      for (String domain : domains) {
        // a domain's data work runs as its own least-privileged role, on a pool of its own
        DomainRole role = DomainRole.of(domain);
        String password = passwords ? DatabasePools.password(role) : null;
        services.warehouse().jdbi().useTransaction(h -> DomainRoles.provision(h, role, password));
        HikariDataSource domainPool = DatabasePools.domain(ds.getJdbcUrl(), role, password);
        domainPools.add(domainPool);
        DomainWorkers.register(
            factory,
            domain,
            new Warehouse(domainPool, role),
            properties.sourceRoots(),
            temporal.remote());
      }
      if (platform) {
        background.addAll(
            PlatformWorker.register(
                factory,
                catalog,
                services.warehouse(),
                new DatasetNaming(ds.getJdbcUrl()),
                properties,
                services.kafkaServers(),
                temporal.remote()));
      }
    } catch (RuntimeException e) {
      background.forEach(StackLauncher::closeQuietly);
      domainPools.forEach(HikariDataSource::close);
      throw e;
    }
    factory.start();
    if (platform) {
      // access grants the last platform left open carry on here; those that expired end now
      AccessService.resume(temporal.client(), catalog.access(), java.time.Clock.systemUTC());
    }
    // stopped in this order: background services while the database is there, then the workers,
    // Temporal, the pools, and what the stack owns (the embedded database, the home's lock)
    List<AutoCloseable> parts = new ArrayList<>(background);
    parts.add(
        () -> {
          factory.shutdownNow();
          factory.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        });
    parts.add(temporal::close);
    parts.add(ds);
    parts.addAll(reversed(domainPools));
    parts.addAll(reversed(owned));
    return new MeshStack(services, ds.getJdbcUrl(), parts, notices);
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }

  private static void closeQuietly(AutoCloseable part) {
    try {
      part.close();
    } catch (Exception e) {
      // already failing: the first error is the one to report
    }
  }
}
