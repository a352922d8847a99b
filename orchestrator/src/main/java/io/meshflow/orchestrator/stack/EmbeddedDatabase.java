package io.meshflow.orchestrator.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server (zonky's packaged binaries) whose data directory is kept, so the catalog
 * and published products survive from one command to the next.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL on {@code dataDirectory} (created on first use).
   *
   * @param port the port to listen on, or 0 for any free one
   */
  public static EmbeddedDatabase start(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
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
              .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
              .setErrorRedirector(ProcessBuilder.Redirect.DISCARD);
      if (port > 0) builder.setPort(port);
      return new EmbeddedDatabase(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory, e);
    }
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
        if (free(kept)) return kept;
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
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
