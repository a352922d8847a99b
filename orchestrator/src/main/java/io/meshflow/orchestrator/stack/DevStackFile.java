package io.meshflow.orchestrator.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code .meshflow/dev.properties}: written by a running {@code meshflow dev} so that other
 * commands on the same home join its stack (as clients) instead of starting a second one.
 */
public record DevStackFile(long pid, int temporalPort, int postgresPort, int httpPort) {
  private static final String NAME = "dev.properties";

  public void write(Path home) {
    Properties p = new Properties();
    p.setProperty("pid", Long.toString(pid));
    p.setProperty("temporal.port", Integer.toString(temporalPort));
    p.setProperty("postgres.port", Integer.toString(postgresPort));
    p.setProperty("http.port", Integer.toString(httpPort));
    try (var out = Files.newOutputStream(home.resolve(NAME))) {
      p.store(out, "written by a running `meshflow dev`; removed when it stops");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void delete(Path home) {
    try {
      Files.deleteIfExists(home.resolve(NAME));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The running dev stack of {@code home}, if its process is alive and its Temporal answers. */
  public static Optional<DevStackFile> running(Path home) {
    Path file = home.resolve(NAME);
    if (!Files.isRegularFile(file)) return Optional.empty();
    Properties p = new Properties();
    try (var in = Files.newInputStream(file)) {
      p.load(in);
      DevStackFile dev =
          new DevStackFile(
              Long.parseLong(p.getProperty("pid")),
              Integer.parseInt(p.getProperty("temporal.port")),
              Integer.parseInt(p.getProperty("postgres.port")),
              Integer.parseInt(p.getProperty("http.port")));
      boolean alive = ProcessHandle.of(dev.pid()).map(ProcessHandle::isAlive).orElse(false);
      return alive && listening(dev.temporalPort()) ? Optional.of(dev) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("localhost", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
