package io.meshflow.benchmarks;

import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.ChildJvm;
import io.meshflow.orchestrator.stack.EmbeddedDatabase;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import io.meshflow.orchestrator.stack.TemporalServerMain;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

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
    return ChildJvm.start(
        TemporalServerMain.class.getName(),
        List.of(Integer.toString(port)),
        java.util.Map.of(),
        "temporal test server listening");
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
