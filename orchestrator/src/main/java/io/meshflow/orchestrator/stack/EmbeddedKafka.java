package io.meshflow.orchestrator.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka broker in this process, in KRaft mode (broker and controller in one node),
 * for a mesh that declares Kafka sources and configures no bootstrap servers: the embedded stack
 * starts it as it starts PostgreSQL. Its log lives under the home ({@code .meshflow/kafka}), so
 * topics and their records outlive the process; it listens on localhost only.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final String CONTROLLER = "CONTROLLER";

  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Starts the broker on {@code dir}, formatting it first when it is new.
   *
   * @param port the client port, or 0 for any free one
   */
  public static EmbeddedKafka start(Path dir, int port) {
    int clientPort = port > 0 ? port : freePort();
    int controllerPort = freePort();
    Path logs = dir.toAbsolutePath().resolve("logs");
    try {
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
    p.put("controller.listener.names", CONTROLLER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logs.toString());
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // a development broker keeps what it is given until the home is removed
    p.put("log.retention.hours", "-1");
    p.put("auto.create.topics.enable", "false");
    KafkaConfig config = new KafkaConfig(p);
    try {
      if (!Files.exists(logs.resolve("meta.properties"))) {
        new Formatter()
            .setPrintStream(new PrintStream(java.io.OutputStream.nullOutputStream()))
            .setNodeId(1)
            .setClusterId(Uuid.randomUuid().toString())
            .setControllerListenerName(CONTROLLER)
            .setMetadataLogDirectory(logs.toString())
            .addDirectory(logs.toString())
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .run();
      }
      KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      return new EmbeddedKafka(server, "localhost:" + clientPort);
    } catch (Exception e) {
      throw new StackException(
          "the embedded Kafka broker did not start on " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The client port of the home's broker: chosen once, kept in {@code kafka.port}, so that plans
   * made by any process on the home (a {@code dev}, the commands joining it) name the same broker.
   */
  public static int stablePort(Path home) {
    Path file = home.resolve("kafka.port");
    try {
      Files.createDirectories(home);
      if (Files.isRegularFile(file)) {
        return Integer.parseInt(Files.readString(file).strip());
      }
      int port = freePort();
      Files.writeString(file, Integer.toString(port));
      return port;
    } catch (IOException | NumberFormatException e) {
      throw new StackException("cannot choose a port for the embedded Kafka broker in " + home, e);
    }
  }

  /** {@code localhost:port}, what clients give as {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
