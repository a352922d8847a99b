package io.meshflow.orchestrator.bench;

import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.EmbeddedDatabase;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackException;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.orchestrator.stack.TemporalServerMain;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the soak benchmark runs on: Temporal's test server in a JVM of its own (it keeps every run's
 * history in memory, forever, which would hide Meshflow's own heap), the embedded PostgreSQL (a
 * process of its own anyway), and this process as the platform and the bench domain's worker, as
 * {@code meshflow serve --domain bench} would be.
 */
final class SoakStack implements AutoCloseable {
  private final Process temporal;
  private final EmbeddedDatabase database;
  final MeshStack stack;

  private SoakStack(Process temporal, EmbeddedDatabase database, MeshStack stack) {
    this.temporal = temporal;
    this.database = database;
    this.stack = stack;
  }

  static SoakStack start(MeshflowProperties properties) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process temporal = temporalProcess(port);
    EmbeddedDatabase database = null;
    try {
      Path home = properties.home().resolve("bench/soak");
      database = EmbeddedDatabase.start(home.resolve("postgres"), 0);
      MeshflowProperties soak =
          new MeshflowProperties(
              home,
              properties.mesh(),
              properties.governance(),
              null,
              new MeshflowProperties.Temporal("localhost:" + port, "default"),
              new MeshflowProperties.Database(database.jdbcUrl(), "postgres", null),
              properties.dataRoots(),
              properties.heartbeatTimeout());
      MeshStack stack = new StackLauncher(soak).worker(List.of(BenchMesh.DOMAIN), true);
      return new SoakStack(temporal, database, stack);
    } catch (Exception | Error e) {
      if (database != null) database.close();
      temporal.destroyForcibly();
      throw e;
    }
  }

  /** {@link TemporalServerMain} in a child JVM; returns once it listens. */
  private static Process temporalProcess(int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
    if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
      // the executable jar: its launcher finds the nested jars
      command.addAll(
          List.of(
              "-Dloader.main=" + TemporalServerMain.class.getName(),
              "-cp",
              classPath,
              "org.springframework.boot.loader.launch.PropertiesLauncher"));
    } else {
      command.addAll(List.of("-cp", classPath, TemporalServerMain.class.getName()));
    }
    command.add(Integer.toString(port));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CountDownLatch listening = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  if (line.startsWith("temporal test server listening")) listening.countDown();
                }
              } catch (Exception ended) {
                // the process ended
              }
            },
            "soak-temporal-output");
    reader.setDaemon(true);
    reader.start();
    if (!listening.await(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new StackException("the soak's Temporal server did not start within 60 s");
    }
    return process;
  }

  /** Resident memory of the Temporal process, for the report (its own, not Meshflow's). */
  long temporalPid() {
    return temporal.pid();
  }

  @Override
  public void close() {
    try {
      stack.close();
    } finally {
      database.close();
      temporal.destroy();
    }
  }
}
