package io.meshflow.orchestrator.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The fault tests' mesh: domain {@code slow}, whose products take seconds in a chosen step. */
final class SlowMesh {
  private SlowMesh() {}

  /**
   * Writes {@code slow.<name>}: ids 1 to {@code rows} from a CSV, a transform that sleeps {@code
   * transformSeconds}, and a check that sleeps {@code validateSeconds} and expects every row.
   */
  static void product(Path root, String name, int rows, int transformSeconds, int validateSeconds)
      throws IOException {
    Path domain = Files.createDirectories(root.resolve("slow/models"));
    StringBuilder csv = new StringBuilder("id\n");
    for (int i = 1; i <= rows; i++) csv.append(i).append('\n');
    Files.writeString(root.resolve("slow/" + name + ".csv"), csv);
    Files.writeString(
        domain.resolve(name + ".sql"),
        "WITH pause AS (SELECT pg_sleep("
            + transformSeconds
            + "))\n"
            + "SELECT CAST(s.id AS integer) AS id FROM {{ source() }} s, pause");
    Files.writeString(
        root.resolve("slow/" + name + ".yaml"),
        """
        apiVersion: datamesh.io/v1
        kind: DataProduct
        metadata: { name: slow.%s, domain: slow, version: 1.0.0 }
        spec:
          owner: team-slow@example.com
          sla: { freshness: 1d, availability: 99%% }
          source: { type: csv, path: %s.csv }
          transform: { sql: models/%s.sql }
          schema: { fields: [ { name: id, type: integer, constraints: { primary_key: true } } ] }
          quality:
            checks:
              - { column: id, assertion: expect_column_values_to_not_be_null }
              - name: all_rows
                assertion: sql
                query: "SELECT count(*) FROM {{ this }}, (SELECT pg_sleep(%d)) AS pause"
                mustBe: %d
        """
            .formatted(name, name, name, validateSeconds, rows));
  }

  /**
   * Writes {@code slow.<name>}, which reads the Kafka topic {@code topic} of the cluster at {@code
   * servers} (declared in the domain's sources.yaml): ids of JSON events, and the same two checks.
   */
  static void kafkaProduct(Path root, String name, String topic, String servers, int rows)
      throws IOException {
    Path domain = Files.createDirectories(root.resolve("slow/models"));
    Files.writeString(
        root.resolve("slow/sources.yaml"),
        """
        apiVersion: datamesh.io/v1
        kind: Sources
        sources:
          - name: stream
            type: kafka
            connection: { bootstrap_servers: "%s" }
            tables:
              - name: events
                topic: %s
                columns: [ { name: id, type: integer } ]
        """
            .formatted(servers, topic));
    Files.writeString(
        domain.resolve(name + ".sql"), "SELECT id FROM {{ source('stream', 'events') }}\n");
    Files.writeString(
        root.resolve("slow/" + name + ".yaml"),
        """
        apiVersion: datamesh.io/v1
        kind: DataProduct
        metadata: { name: slow.%s, domain: slow, version: 1.0.0 }
        spec:
          owner: team-slow@example.com
          sla: { freshness: 1d, availability: 99%% }
          transform: { sql: models/%s.sql }
          schema: { fields: [ { name: id, type: integer, constraints: { primary_key: true } } ] }
          quality:
            checks:
              - { column: id, assertion: expect_column_values_to_not_be_null }
              - { name: all_rows, assertion: sql, query: "SELECT count(*) FROM {{ this }}", mustBe: %d }
        """
            .formatted(name, name, rows));
  }
}
