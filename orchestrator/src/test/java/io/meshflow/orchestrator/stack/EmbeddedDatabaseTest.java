package io.meshflow.orchestrator.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL keeps the catalog and the products: it must commit durably. */
class EmbeddedDatabaseTest {
  @TempDir Path dir;

  @Test
  void runsWithFsyncFullPageWritesAndSynchronousCommitOn() throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    try (EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("pg"), 0);
        Connection c = DriverManager.getConnection(database.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name, setting FROM pg_settings"
                    + " WHERE name IN ('fsync', 'full_page_writes', 'synchronous_commit')"
                    + " ORDER BY name")) {
      while (rs.next()) settings.put(rs.getString(1), rs.getString(2));
    }
    assertThat(settings)
        .containsExactly(
            Map.entry("fsync", "on"),
            Map.entry("full_page_writes", "on"),
            Map.entry("synchronous_commit", "on"));
  }
}
