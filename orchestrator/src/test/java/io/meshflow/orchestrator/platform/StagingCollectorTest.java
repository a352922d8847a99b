package io.meshflow.orchestrator.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.orchestrator.catalog.Catalog;
import io.meshflow.orchestrator.stack.EmbeddedDatabase;
import io.meshflow.workers.sql.Warehouse;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

class StagingCollectorTest {
  @TempDir static Path dir;
  static EmbeddedDatabase database;
  static Jdbi jdbi;
  static Catalog catalog;
  static Warehouse warehouse;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    database = EmbeddedDatabase.start(dir.resolve("pg"), port);
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(database.jdbcUrl());
    ds.setUser("postgres");
    catalog = Catalog.open(ds);
    warehouse = new Warehouse(ds);
    jdbi = warehouse.jdbi();
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO meshflow.products (product_id, domain, name, owner, latest_version)"
                    + " VALUES ('orders.events', 'orders', 'events', 'o@example.com', '1.0.0')"));
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  static void run(String runId, String status) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO meshflow.runs (run_id, workflow_id, product_id, version,"
                        + " partition_key, status, trigger, started_at) VALUES (:id, 'w',"
                        + " 'orders.events', '1.0.0', 'latest', :status, 'test', now())")
                .bind("id", runId)
                .bind("status", status)
                .execute());
  }

  @Test
  void theStagingOfEndedRunsIsDroppedAndTheRunningOnesIsKept() {
    run("0f1e2d3c-aaaa-bbbb-cccc-000000000001", "RUNNING");
    run("0f1e2d3c-aaaa-bbbb-cccc-000000000002", "FAILED");
    jdbi.useHandle(
        h -> {
          h.execute("CREATE SCHEMA meshflow_staging_orders");
          h.execute(
              "CREATE TABLE meshflow_staging_orders.s_0f1e2d3caaaabbbbcccc000000000001_src (x int)");
          h.execute(
              "CREATE TABLE meshflow_staging_orders.s_0f1e2d3caaaabbbbcccc000000000002_src (x int)");
          h.execute(
              "CREATE TABLE meshflow_staging_orders.s_0f1e2d3caaaabbbbcccc000000000002_out (x int)");
          h.execute(
              "CREATE TABLE meshflow_staging_orders.s_0f1e2d3caaaabbbbcccc000000000099_pub (x int)");
          h.execute("CREATE TABLE meshflow_staging_orders.notes (x int)");
          // the domain's committed source positions live beside its staging: never collected
          h.execute("CREATE TABLE meshflow_staging_orders.source_positions (x int)");
        });

    assertThat(new StagingCollector(warehouse, catalog.runs()).collect())
        .extracting(StagingCollector.Collected::table)
        .containsExactly(
            "s_0f1e2d3caaaabbbbcccc000000000002_out",
            "s_0f1e2d3caaaabbbbcccc000000000002_src",
            "s_0f1e2d3caaaabbbbcccc000000000099_pub");
    List<String> left =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'meshflow_staging_orders'"
                            + " ORDER BY 1")
                    .mapTo(String.class)
                    .list());
    assertThat(left)
        .containsExactly("notes", "s_0f1e2d3caaaabbbbcccc000000000001_src", "source_positions");
  }
}
