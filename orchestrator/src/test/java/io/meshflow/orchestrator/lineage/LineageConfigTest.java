package io.meshflow.orchestrator.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where lineage events go, from the configuration forms OpenLineage's clients read. */
class LineageConfigTest {
  @TempDir Path dir;

  @Test
  void environmentVariablesSpellTheConfigurationAsTheClientsRead() {
    assertThat(
            LineageConfig.transports(
                Map.of(
                    "OPENLINEAGE__TRANSPORT__TYPE", "file",
                    "OPENLINEAGE__TRANSPORT__LOCATION", "/var/log/Lineage/events.jsonl")))
        .containsExactly(new LineageTransport.File(Path.of("/var/log/Lineage/events.jsonl")));
    assertThat(
            LineageConfig.transports(
                Map.of(
                    "OPENLINEAGE__TRANSPORT__TYPE", "http",
                    "OPENLINEAGE__TRANSPORT__URL", "http://Marquez:5000",
                    "OPENLINEAGE__TRANSPORT__ENDPOINT", "/api/v1/lineage",
                    "OPENLINEAGE__TRANSPORT__AUTH__TYPE", "api_key",
                    "OPENLINEAGE__TRANSPORT__AUTH__API_KEY", "Secret-Key")))
        .containsExactly(
            new LineageTransport.Http(
                URI.create("http://Marquez:5000/"), "api/v1/lineage", "Secret-Key"));
  }

  @Test
  void namesAreCamelCasedAndValuesReadAsJson() {
    assertThat(
            LineageConfig.fromEnvironment(
                Map.of(
                    "OPENLINEAGE__TRANSPORT__TIMEOUT_IN_MILLIS", "5000",
                    "OPENLINEAGE__TRANSPORT__HEADERS", "{\"X-Team\": \"orders\"}",
                    "OPENLINEAGE__TRANSPORT__TYPE", "http",
                    "PATH", "/usr/bin")))
        .isEqualTo(
            Map.of(
                "transport",
                Map.of(
                    "timeoutInMillis",
                    5000,
                    "headers",
                    Map.of("X-Team", "orders"),
                    "type",
                    "http")));
  }

  @Test
  void aCompositeOfNamedTransportsFromTheEnvironment() {
    assertThat(
            LineageConfig.transports(
                Map.of(
                    "OPENLINEAGE__TRANSPORT__TYPE", "composite",
                    "OPENLINEAGE__TRANSPORT__TRANSPORTS__AUDIT__TYPE", "file",
                    "OPENLINEAGE__TRANSPORT__TRANSPORTS__AUDIT__LOCATION", "audit.jsonl",
                    "OPENLINEAGE__TRANSPORT__TRANSPORTS__MARQUEZ__TYPE", "http",
                    "OPENLINEAGE__TRANSPORT__TRANSPORTS__MARQUEZ__URL", "http://marquez:5000")))
        .containsExactly(
            new LineageTransport.File(Path.of("audit.jsonl")),
            new LineageTransport.Http(URI.create("http://marquez:5000/"), "api/v1/lineage", null));
  }

  @Test
  void theFileComesFirstThenTheVariablesThenTheUrlAndDisabledTurnsAllOff() throws Exception {
    Path yml = dir.resolve("openlineage.yml");
    Files.writeString(yml, "transport:\n  type: console\n");
    Map<String, String> all =
        Map.of(
            "OPENLINEAGE_CONFIG", yml.toString(),
            "OPENLINEAGE__TRANSPORT__TYPE", "file",
            "OPENLINEAGE__TRANSPORT__LOCATION", "events.jsonl",
            "OPENLINEAGE_URL", "http://marquez:5000");
    assertThat(LineageConfig.transports(all)).containsExactly(new LineageTransport.Console());
    Map<String, String> noFile = new java.util.HashMap<>(all);
    noFile.remove("OPENLINEAGE_CONFIG");
    assertThat(LineageConfig.transports(noFile))
        .containsExactly(new LineageTransport.File(Path.of("events.jsonl")));
    noFile.remove("OPENLINEAGE__TRANSPORT__TYPE");
    noFile.remove("OPENLINEAGE__TRANSPORT__LOCATION");
    assertThat(LineageConfig.transports(noFile))
        .containsExactly(
            new LineageTransport.Http(URI.create("http://marquez:5000/"), "api/v1/lineage", null));
    noFile.put("OPENLINEAGE_DISABLED", "true");
    assertThat(LineageConfig.transports(noFile)).isEmpty();
  }

  @Test
  void aTransportMissingItsSettingNamesWhereItCameFrom() {
    assertThatThrownBy(
            () -> LineageConfig.transports(Map.of("OPENLINEAGE__TRANSPORT__TYPE", "file")))
        .hasMessage("the OPENLINEAGE__ environment variables: a file transport needs 'location'");
  }
}
