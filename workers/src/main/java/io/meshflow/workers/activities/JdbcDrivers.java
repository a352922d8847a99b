package io.meshflow.workers.activities;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The JDBC drivers a worker can read source databases with: those on its class path (PostgreSQL's
 * always), and those whose jars sit in the folder {@code MESHFLOW_JDBC_DRIVERS} names (the launcher
 * sets it to {@code $MESHFLOW_HOME/drivers}), loaded once per folder.
 */
final class JdbcDrivers {
  /** The variable naming the folder of extra driver jars. */
  static final String FOLDER_VARIABLE = "MESHFLOW_JDBC_DRIVERS";

  private static final Map<Path, List<Driver>> LOADED = new ConcurrentHashMap<>();

  private JdbcDrivers() {}

  /** The driver that accepts {@code url}, if any. */
  static Optional<Driver> forUrl(String url, String folder) throws SQLException {
    try {
      return Optional.of(DriverManager.getDriver(url));
    } catch (SQLException none) {
      // not on the class path: look in the folder of extra drivers
    }
    if (folder == null || folder.isBlank()) return Optional.empty();
    Path dir = Path.of(folder).toAbsolutePath().normalize();
    for (Driver driver : LOADED.computeIfAbsent(dir, JdbcDrivers::load)) {
      if (driver.acceptsURL(url)) return Optional.of(driver);
    }
    return Optional.empty();
  }

  /** The drivers the jars of {@code dir} declare ({@code META-INF/services/java.sql.Driver}). */
  private static List<Driver> load(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
        jars.add(jar.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (jars.isEmpty()) return List.of();
    // kept open for the worker's life: its drivers are used on every run
    URLClassLoader loader =
        new URLClassLoader(jars.toArray(URL[]::new), JdbcDrivers.class.getClassLoader());
    List<Driver> drivers = new ArrayList<>();
    ServiceLoader.load(Driver.class, loader).forEach(drivers::add);
    return List.copyOf(drivers);
  }
}
