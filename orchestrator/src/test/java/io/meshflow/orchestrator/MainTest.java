package io.meshflow.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.orchestrator.config.MeshflowProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The configuration a command gets without Spring's context is bound as Spring binds it. */
class MainTest {
  private static final Map<String, String> SET =
      Map.of(
          "meshflow.home", "/srv/meshflow",
          "meshflow.data-roots", "/data/a,/data/b",
          "meshflow.heartbeat-timeout", "5s",
          "meshflow.temporal.target", "temporal:7233",
          "meshflow.database.url", "jdbc:postgresql://db:5432/mesh");

  @AfterEach
  void clear() {
    SET.keySet().forEach(System::clearProperty);
  }

  @Test
  void propertiesAreBoundWithSpringsRules() {
    SET.forEach(System::setProperty);
    MeshflowProperties p = Main.properties();
    assertThat(p.home()).isEqualTo(Path.of("/srv/meshflow"));
    assertThat(p.dataRoots()).containsExactly(Path.of("/data/a"), Path.of("/data/b"));
    assertThat(p.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.temporal().target()).isEqualTo("temporal:7233");
    assertThat(p.database().url()).isEqualTo("jdbc:postgresql://db:5432/mesh");
    assertThat(p.mesh())
        .isEqualTo(Path.of(System.getenv().getOrDefault("MESHFLOW_MESH", "domains")));
  }
}
