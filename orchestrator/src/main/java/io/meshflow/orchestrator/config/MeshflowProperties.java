package io.meshflow.orchestrator.config;

import io.meshflow.contracts.model.SourceRoots;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Meshflow's configuration ({@code meshflow.*} properties, or {@code MESHFLOW_*} environment
 * variables). With nothing set, everything is embedded under {@code .meshflow/}.
 *
 * @param home where the embedded stack keeps its state
 * @param mesh the folder of domains and their contracts
 * @param governance the folder of the platform's policy files
 * @param lineageConfig an {@code openlineage.yml} that overrides OpenLineage's own lookup, or null
 * @param dataRoots folders outside a mesh that its contracts may read source files from
 * @param heartbeatTimeout how long a data step's worker may stay silent before the step is retried
 *     on another worker
 * @param kafka the Kafka cluster of sources that name none; unset means the embedded broker
 */
@ConfigurationProperties("meshflow")
public record MeshflowProperties(
    Path home,
    Path mesh,
    Path governance,
    Path lineageConfig,
    Temporal temporal,
    Database database,
    List<Path> dataRoots,
    Duration heartbeatTimeout,
    Kafka kafka) {

  /** Properties without data roots: sources are read from inside their mesh only. */
  public MeshflowProperties(
      Path home,
      Path mesh,
      Path governance,
      Path lineageConfig,
      Temporal temporal,
      Database database) {
    this(home, mesh, governance, lineageConfig, temporal, database, null, null);
  }

  /** Properties with no Kafka cluster of their own: Kafka sources use the embedded broker. */
  public MeshflowProperties(
      Path home,
      Path mesh,
      Path governance,
      Path lineageConfig,
      Temporal temporal,
      Database database,
      List<Path> dataRoots,
      Duration heartbeatTimeout) {
    this(
        home,
        mesh,
        governance,
        lineageConfig,
        temporal,
        database,
        dataRoots,
        heartbeatTimeout,
        null);
  }

  @ConstructorBinding
  public MeshflowProperties {
    home = home == null ? Path.of(".meshflow") : home;
    mesh = mesh == null ? Path.of("domains") : mesh;
    governance = governance == null ? Path.of("governance") : governance;
    temporal = temporal == null ? new Temporal(null, null) : temporal;
    database = database == null ? new Database(null, null, null) : database;
    dataRoots = dataRoots == null ? List.of() : List.copyOf(dataRoots);
    heartbeatTimeout = heartbeatTimeout == null ? Duration.ofSeconds(20) : heartbeatTimeout;
    kafka = kafka == null ? new Kafka(null) : kafka;
  }

  /** Where contracts may read files from, besides their own mesh's folder. */
  public SourceRoots sourceRoots() {
    return new SourceRoots(dataRoots);
  }

  /**
   * An external Temporal frontend; unset means the embedded test server.
   *
   * @param target {@code host:port}
   */
  public record Temporal(String target, String namespace) {
    public Temporal {
      namespace = namespace == null || namespace.isBlank() ? "default" : namespace;
    }

    public boolean external() {
      return target != null && !target.isBlank();
    }
  }

  /**
   * The Kafka cluster that sources declaring no {@code bootstrap_servers} read from ({@code
   * MESHFLOW_KAFKA_BOOTSTRAP_SERVERS}); unset means the embedded broker.
   */
  public record Kafka(String bootstrapServers) {
    public boolean external() {
      return bootstrapServers != null && !bootstrapServers.isBlank();
    }
  }

  /** An external PostgreSQL; unset means the embedded one. */
  public record Database(String url, String username, String password) {
    public boolean external() {
      return url != null && !url.isBlank();
    }
  }
}
