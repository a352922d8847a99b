package io.meshflow.orchestrator.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's packaged binaries) whose data directory is kept, so the catalog
 * and published products survive from one command to the next.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** How often the watchdog looks at the server. */
  private static final Duration WATCH = Duration.ofSeconds(1);

  private final Path dataDirectory;
  private final EmbeddedPostgres.Builder builder;
  private final ScheduledExecutorService watchdog;
  private volatile EmbeddedPostgres postgres;
  private volatile boolean closed;
  private int shuttingDown;
  private long ticks;

  private EmbeddedDatabase(Path dataDirectory, EmbeddedPostgres.Builder builder) {
    this.dataDirectory = dataDirectory;
    this.builder = builder;
    this.postgres = startServer();
    // restarts keep the port: pools, workers and lineage names all hold it
    builder.setPort(postgres.getPort());
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "meshflow-postgres-watchdog");
              t.setDaemon(true);
              return t;
            });
    watchdog.scheduleWithFixedDelay(
        this::watch, WATCH.toMillis(), WATCH.toMillis(), TimeUnit.MILLISECONDS);
    // when the JVM ends, the server stopping is no crash: the watchdog must not start it again
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> closed = true, "meshflow-postgres-watchdog-off"));
  }

  /**
   * Starts PostgreSQL on {@code dataDirectory} (created on first use), and keeps it running: a
   * server that dies (a crash, a kill) is started again on the same port, and one stuck shutting
   * down (a SIGTERM waits for every client to leave, and pools never leave) is stopped fast and
   * started again. A server that an earlier, killed process left running on the directory is
   * stopped first.
   *
   * @param port the port to listen on, or 0 for any free one
   */
  public static EmbeddedDatabase start(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory, e);
    }
    stopStale(dataDirectory);
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setServerConfig("max_connections", "100")
            .setServerConfig("listen_addresses", "localhost")
            // zonky tunes for throwaway test databases (it starts the server with -F, fsync
            // off); this one keeps the catalog and the published products, so it commits
            // durably: a later -c overrides the flag
            .setServerConfig("fsync", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("synchronous_commit", "on")
            // a statement whose client died stops within a second instead of running on
            .setServerConfig("client_connection_check_interval", "1000")
            .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
            .setErrorRedirector(ProcessBuilder.Redirect.DISCARD);
    if (port > 0) builder.setPort(port);
    return new EmbeddedDatabase(dataDirectory, builder);
  }

  private EmbeddedPostgres startServer() {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  /** The postmaster's pid, from its pid file, or -1. */
  private static long postmasterPid(Path dataDirectory) {
    try {
      Path file = dataDirectory.resolve("postmaster.pid");
      if (!Files.isRegularFile(file)) return -1;
      return Long.parseLong(Files.readAllLines(file).get(0).strip());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Stops a postmaster that a killed earlier process left running on {@code dataDirectory}. */
  private static void stopStale(Path dataDirectory) {
    long pid = postmasterPid(dataDirectory);
    Optional<ProcessHandle> stale = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
    if (stale.isEmpty() || !stale.get().isAlive()) return;
    boolean postgres = stale.get().info().command().map(c -> c.endsWith("postgres")).orElse(false);
    if (!postgres) return; // the pid was reused by something else: the pid file is stale only
    LOG.warn("stopping the PostgreSQL (pid {}) an earlier process left on {}", pid, dataDirectory);
    stale.get().destroy(); // SIGTERM: its clients died with the process that started it
    try {
      stale.get().onExit().get(15, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      stale.get().destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  private void watch() {
    if (closed) return;
    try {
      long pid = postmasterPid(dataDirectory);
      boolean alive = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      if (!alive) {
        restart("stopped");
      } else if (++ticks % 5 == 0) {
        // a connection costs the server a process: ask only every few ticks
        if (!refusesAsShuttingDown()) {
          shuttingDown = 0;
        } else if (++shuttingDown >= 2) {
          restart("was stuck shutting down");
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("the embedded PostgreSQL could not be started again yet: {}", e.getMessage());
    }
  }

  /** Whether a new connection is refused because the server is shutting down. */
  private boolean refusesAsShuttingDown() {
    try (Connection c = DriverManager.getConnection(jdbcUrl())) {
      return false;
    } catch (SQLException e) {
      return "57P03".equals(e.getSQLState())
          && String.valueOf(e.getMessage()).contains("shutting down");
    }
  }

  private synchronized void restart(String what) {
    if (closed) return;
    LOG.warn("the embedded PostgreSQL {}; starting it again on port {}", what, port());
    try {
      postgres.close(); // a fast shutdown where one still runs; frees zonky's lock either way
    } catch (IOException | RuntimeException ignored) {
      // it is gone already
    }
    postgres = startServer();
    if (closed) {
      // the process began to end while the server started: leave nothing running behind it
      try {
        postgres.close();
      } catch (IOException | RuntimeException ignored) {
        // it goes with the process
      }
      return;
    }
    shuttingDown = 0;
    LOG.warn("the embedded PostgreSQL is running again on port {}", port());
  }

  /**
   * The port the database of {@code home} listens on, kept in {@code home/postgres.port} so that it
   * stays the same from one command to the next: lineage names datasets by host and port. A new
   * free port is chosen (and kept) only when there is none yet, or it is taken.
   */
  public static int stablePort(Path home) {
    Path file = home.resolve("postgres.port");
    try {
      Files.createDirectories(home);
      if (Files.isRegularFile(file)) {
        int kept = Integer.parseInt(Files.readString(file).strip());
        // a server a killed process left on this home holds it: starting stops that one first
        if (free(kept) || staleServerListensOn(home.resolve("postgres"), kept)) return kept;
      }
      int port;
      try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Files.writeString(file, Integer.toString(port));
      return port;
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException(
          "cannot choose a port for the embedded PostgreSQL in " + home, e);
    }
  }

  /** Whether a live postmaster of {@code dataDirectory} listens on {@code port}. */
  private static boolean staleServerListensOn(Path dataDirectory, int port) {
    try {
      Path file = dataDirectory.resolve("postmaster.pid");
      if (!Files.isRegularFile(file)) return false;
      List<String> lines = Files.readAllLines(file);
      long pid = Long.parseLong(lines.get(0).strip());
      return lines.size() > 3
          && Integer.parseInt(lines.get(3).strip()) == port
          && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean free(int port) {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  @Override
  public synchronized void close() {
    closed = true;
    watchdog.shutdownNow();
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
