package io.meshflow.orchestrator.stack;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
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

  /**
   * What a command asks for.
   *
   * @param temporal whether it needs Temporal at all (listing runs does not)
   * @param domains the domains whose workers run here when the stack is embedded (all of the mesh)
   */
  public record Needs(boolean temporal, Collection<String> domains) {}

  /** The stack for an ordinary command: embedded, or a client of a running dev or deployment. */
  public MeshStack forCommand(Needs needs) {
    return stackFor(needs);
  }

  private MeshStack stackFor(Needs needs) {
    if (properties.temporal().external() || properties.database().external()) {
      return external(needs.temporal(), List.of(), false);
    }
    Optional<DevStackFile> dev = DevStackFile.running(properties.home());
    if (dev.isPresent()) {
      return client(dev.get(), needs.temporal());
    }
    return embedded(StackMode.EMBEDDED, needs.temporal(), needs.domains(), 0, 0);
  }

  /** The long-running dev stack: Temporal and PostgreSQL on local ports, every worker. */
  public MeshStack dev(Collection<String> domains, int temporalPort, int postgresPort) {
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
    return embedded(StackMode.DEV, true, domains, temporalPort, postgresPort);
  }

  /** A worker process for {@code domains} (and the platform's activities if asked). */
  public MeshStack worker(Collection<String> domains, boolean platform) {
    return workerFor(domains, platform);
  }

  private MeshStack workerFor(Collection<String> domains, boolean platform) {
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
    HikariDataSource ds = pool(localUrl(dev.postgresPort()), "postgres", null, "meshflow-worker");
    TemporalConnection temporal =
        TemporalConnection.connect("localhost:" + dev.temporalPort(), "default");
    return withWorkers(
        StackMode.WORKER, ds, Catalog.open(ds), temporal, domains, platform, List.of(), false);
  }

  private MeshStack client(DevStackFile dev, boolean needsTemporal) {
    HikariDataSource ds = pool(localUrl(dev.postgresPort()), "postgres", null, "meshflow-client");
    TemporalConnection temporal =
        needsTemporal
            ? TemporalConnection.connect("localhost:" + dev.temporalPort(), "default")
            : null;
    return clientStack(ds, Catalog.open(ds), temporal);
  }

  /** A stack that hosts no worker: the services over the database and Temporal, if any. */
  private MeshStack clientStack(HikariDataSource ds, Catalog catalog, TemporalConnection temporal) {
    List<AutoCloseable> parts = new ArrayList<>();
    if (temporal != null) parts.add(temporal::close);
    parts.add(ds);
    return new MeshStack(services(StackMode.CLIENT, ds, catalog, temporal), ds.getJdbcUrl(), parts);
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
        properties.heartbeatTimeout());
  }

  private MeshStack external(boolean needsTemporal, Collection<String> domains, boolean platform) {
    MeshflowProperties.Database db = properties.database();
    if (!db.external()) {
      throw new StackException(
          "meshflow.temporal.target is set but meshflow.database.url is not: an external Temporal needs an"
              + " external PostgreSQL (MESHFLOW_DATABASE_URL)");
    }
    HikariDataSource ds = pool(db.url(), db.username(), db.password(), "meshflow");
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
    return withWorkers(StackMode.WORKER, ds, catalog, temporal, domains, platform, List.of(), true);
  }

  private MeshStack embedded(
      StackMode mode,
      boolean needsTemporal,
      Collection<String> domains,
      int temporalPort,
      int postgresPort) {
    Path home = properties.home();
    List<AutoCloseable> owned = new ArrayList<>();
    owned.add(lock(home));
    try {
      EmbeddedDatabase database =
          EmbeddedDatabase.start(
              home.resolve("postgres"),
              postgresPort > 0 ? postgresPort : EmbeddedDatabase.stablePort(home));
      owned.add(database);
      HikariDataSource ds = pool(database.jdbcUrl(), "postgres", null, "meshflow");
      Catalog catalog = Catalog.open(ds);
      // the Temporal of an earlier embedded stack lived in its process: its unfinished runs died
      // with it (this one holds the home's lock, so no other process runs any)
      catalog.runs().abandonRunning();
      if (!needsTemporal) {
        List<AutoCloseable> parts = new ArrayList<>(List.of(ds));
        parts.addAll(reversed(owned));
        return new MeshStack(services(mode, ds, catalog, null), ds.getJdbcUrl(), parts);
      }
      TemporalConnection temporal =
          mode == StackMode.DEV
              ? TemporalConnection.portBound(temporalPort)
              : TemporalConnection.inProcess();
      return withWorkers(mode, ds, catalog, temporal, domains, true, owned, false);
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
      boolean passwords) {
    MeshServices services = services(mode, ds, catalog, temporal);
    WorkerFactory factory = WorkerFactory.newInstance(temporal.client());
    List<HikariDataSource> domainPools = new ArrayList<>();
    List<AutoCloseable> background = new ArrayList<>();
    try {
      for (String domain : domains) {
        // a domain's data work runs as its own least-privileged role, on a pool of its own
        DomainRole role = DomainRole.of(domain);
        String password = passwords ? domainPassword(role) : null;
        services.warehouse().jdbi().useTransaction(h -> DomainRoles.provision(h, role, password));
        HikariDataSource domainPool =
            pool(withoutCredentials(ds.getJdbcUrl()), role.role().value(), password, domain, 8);
        domainPools.add(domainPool);
        checkLogin(domainPool, role);
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
                temporal.remote()));
      }
    } catch (RuntimeException e) {
      background.forEach(StackLauncher::closeQuietly);
      domainPools.forEach(HikariDataSource::close);
      throw e;
    }
    factory.start();
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
    return new MeshStack(services, ds.getJdbcUrl(), parts);
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

  /**
   * The password of a domain's role on an external PostgreSQL, from the environment (never from a
   * file that could be committed); none where the server trusts the login without one.
   */
  private static String domainPassword(DomainRole role) {
    String password = System.getenv(role.passwordVariable());
    return password == null || password.isEmpty() ? null : password;
  }

  /** Logs in once as the domain's role, so a worker that cannot do so says so when it starts. */
  private static void checkLogin(HikariDataSource pool, DomainRole role) {
    try (var connection = pool.getConnection()) {
      connection.isValid(5);
    } catch (java.sql.SQLException | RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null) cause = cause.getCause();
      throw new StackException(
          "the worker of domain "
              + role.domain()
              + " cannot log in to the warehouse as role "
              + role.role()
              + " ("
              + cause.getMessage()
              + "); set the role's password in "
              + role.passwordVariable());
    }
  }

  /** A JDBC URL without user or password, so the pool's own user is the one that logs in. */
  static String withoutCredentials(String url) {
    int query = url.indexOf('?');
    if (query < 0) return url;
    List<String> kept = new ArrayList<>();
    for (String param : url.substring(query + 1).split("&")) {
      String key = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
      if (!key.equalsIgnoreCase("user") && !key.equalsIgnoreCase("password")) kept.add(param);
    }
    return url.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
  }

  private static HikariDataSource pool(String url, String user, String password, String name) {
    return pool(url, user, password, name, 16);
  }

  private static HikariDataSource pool(
      String url, String user, String password, String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size < 16 ? 0 : 1);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }

  private static String localUrl(int port) {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  /** One embedded stack per home: a second would fight over the PostgreSQL data directory. */
  private static AutoCloseable lock(Path home) {
    try {
      Files.createDirectories(home);
      FileChannel channel =
          FileChannel.open(
              home.resolve("stack.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new StackException(
            "another meshflow command is using "
                + home
                + "; wait for it to finish, or run `./meshflow dev` so that commands share one stack");
      }
      FileLock held = lock;
      return () -> {
        held.release();
        channel.close();
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
