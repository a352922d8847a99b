package io.meshflow.orchestrator.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.meshflow.orchestrator.cli.CommandRunner;
import io.meshflow.orchestrator.cli.CommandRunner.Result;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Consumers read a published product as PostgreSQL lets their roles: the contract's roles and the
 * platform's access policies become grants, a secured view and row-level security, made again by
 * every publish; people log in as themselves (alice, an analyst; mia, in marketing; pia, an analyst
 * who may read PII; olga, in no role).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsumerAccessTest {
  @TempDir static Path home;
  @TempDir static Path mesh;

  /** The embedded stack, open between commands while consumers read; commands start their own. */
  static MeshStack stack;

  @BeforeAll
  static void start() throws Exception {
    copyMesh();
  }

  @AfterAll
  static void stop() {
    closeStack();
  }

  static void closeStack() {
    if (stack != null) stack.close();
    stack = null;
  }

  static MeshStack stack() {
    if (stack == null) {
      stack = new StackLauncher(properties()).forCommand(new StackLauncher.Needs(false, Set.of()));
    }
    return stack;
  }

  static MeshflowProperties properties() {
    return new MeshflowProperties(
        home, mesh.resolve("domains"), mesh.resolve("governance"), null, null, null);
  }

  static Result run(String... args) {
    closeStack();
    Result r = CommandRunner.run(properties(), args);
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    return r;
  }

  static void copyMesh() throws Exception {
    Path from = Path.of("src/test/resources/access-mesh");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path to = mesh.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(to);
        else Files.copy(p, to);
      }
    }
  }

  /** The rows {@code login} reads with {@code sql}, each as its columns joined by " | ". */
  static List<String> as(String login, String sql) throws SQLException {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(stack().jdbcUrl());
    ds.setUser(login);
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= n; i++) values.add(String.valueOf(rs.getString(i)));
        rows.add(String.join(" | ", values));
      }
      return rows;
    }
  }

  static String refusal(String login, String sql) {
    Throwable e = catchThrowable(() -> as(login, sql));
    assertThat(e).as(login + ": " + sql).isInstanceOf(SQLException.class);
    return e.getMessage().lines().findFirst().orElseThrow();
  }

  static void admin(String... statements) {
    stack()
        .warehouse()
        .jdbi()
        .useHandle(
            h -> {
              for (String sql : statements) h.execute(sql);
            });
  }

  @Test
  @Order(1)
  void eachRoleSeesWhatItsPoliciesLetIt() throws Exception {
    run("publish", "crm.customers");
    admin(
        "CREATE ROLE alice LOGIN IN ROLE mesh_analyst",
        "CREATE ROLE mia LOGIN IN ROLE mesh_marketing",
        "CREATE ROLE pia LOGIN IN ROLE mesh_analyst, mesh_pii_reader",
        "CREATE ROLE olga LOGIN");
    String query =
        "SELECT customer_id, email, phone, region, lifetime_value FROM crm.customers__secured"
            + " ORDER BY customer_id";
    assertThat(as("alice", query))
        .containsExactly(
            "C-1 | [redacted] | [redacted] | EU | 120.50",
            "C-3 | [redacted] | [redacted] | EU | 310.25");
    assertThat(as("mia", query))
        .containsExactly(
            "C-1 | ***@example.com | [redacted] | EU | 120.50",
            "C-2 | ***@example.org | [redacted] | US | 80.00",
            "C-3 | ***@example.com | [redacted] | EU | 310.25",
            "C-4 | ***@example.net | [redacted] | US | 15.75");
    // pii-reader is exempt: the phone as published (hashed at publish), every row
    List<String> pia = as("pia", query);
    assertThat(pia).hasSize(4);
    assertThat(pia.get(0))
        .matches("C-1 \\| ada@example\\.com \\| [0-9a-f]{64} \\| EU \\| 120\\.50");
    assertThat(refusal("olga", query)).isEqualTo("ERROR: permission denied for schema crm");
    assertThat(refusal("alice", "SELECT * FROM crm.customers"))
        .isEqualTo("ERROR: permission denied for table customers");
    assertThat(refusal("olga", "SELECT * FROM crm.customers"))
        .isEqualTo("ERROR: permission denied for schema crm");
  }

  @Test
  @Order(2)
  void stagingAndTheCatalogAreNeverReadableByConsumers() throws Exception {
    for (String login : List.of("alice", "pia", "olga")) {
      assertThat(as(login, "SELECT has_schema_privilege('meshflow_staging_crm', 'USAGE')"))
          .containsExactly("f");
      assertThat(as(login, "SELECT has_schema_privilege('meshflow', 'USAGE')"))
          .containsExactly("f");
    }
    assertThat(refusal("pia", "SELECT * FROM meshflow.runs"))
        .isEqualTo("ERROR: permission denied for schema meshflow");
  }

  @Test
  @Order(3)
  void grantsSurviveRepublishingAndFollowTheContract() throws Exception {
    run("publish", "crm.customers");
    assertThat(as("mia", "SELECT count(*) FROM crm.customers__secured")).containsExactly("4");
    Path contract = mesh.resolve("domains/crm/customers.yaml");
    Files.writeString(
        contract,
        Files.readString(contract)
            .replace("version: 1.0.0", "version: 2.0.0")
            .replace("roles: [analyst, marketing]", "roles: [analyst]"));
    run("publish", "crm.customers");
    assertThat(refusal("mia", "SELECT count(*) FROM crm.customers__secured"))
        .isEqualTo("ERROR: permission denied for view customers__secured");
    assertThat(as("alice", "SELECT count(*) FROM crm.customers__secured")).containsExactly("2");
  }

  @Test
  @Order(4)
  void aPartitionedProductsReadersKeepReadingAcrossPartitionAttaches() throws Exception {
    run("publish", "crm.visits", "--partition", "2026-03-14");
    String query = "SELECT visit_id FROM crm.visits ORDER BY 1";
    assertThat(as("alice", query)).containsExactly("V-1", "V-2");
    run("publish", "crm.visits", "--partition", "2026-03-15");
    run("publish", "crm.visits", "--partition", "2026-03-14");
    assertThat(as("alice", query)).containsExactly("V-1", "V-2", "V-3");
    assertThat(refusal("mia", query)).isEqualTo("ERROR: permission denied for table visits");
    assertThat(refusal("alice", "SELECT * FROM crm.visits__p_20260314"))
        .isEqualTo("ERROR: permission denied for table visits__p_20260314");
  }

  @Test
  @Order(5)
  void anApprovedRequestLetsALoginQueryAndTheQueryCommandSeesWhatPsqlSees() throws Exception {
    Result requested =
        run(
            "access",
            "request",
            "crm.customers",
            "--role",
            "analyst",
            "--user",
            "quinn",
            "--for",
            "30d",
            "--reason",
            "churn study",
            "--by",
            "quinn");
    assertThat(requested.out())
        .startsWith(
            "requested: quinn to read crm.customers as analyst (mesh_analyst) for 30d; workflow"
                + " access/crm.customers/quinn/analyst waits for the owner's decision");
    Result approved =
        run(
            "access",
            "approve",
            "crm.customers",
            "--user",
            "quinn",
            "--role",
            "analyst",
            "--by",
            "lee");
    assertThat(approved.out()).startsWith("granted: quinn reads crm.customers as analyst until ");

    String sql = "SELECT customer_id, email, region FROM crm.customers__secured ORDER BY 1";
    Result query = run("query", sql, "--as", "quinn", "--format", "csv");
    assertThat(query.out().lines().toList())
        .containsExactly("customer_id,email,region", "C-1,[redacted],EU", "C-3,[redacted],EU");
    assertThat(as("quinn", sql)).containsExactly("C-1 | [redacted] | EU", "C-3 | [redacted] | EU");
    closeStack();
    Result outsider = CommandRunner.run(properties(), "query", sql, "--as", "olga");
    assertThat(outsider.exitCode()).isEqualTo(1);
    assertThat(outsider.err().strip()).isEqualTo("ERROR: permission denied for schema crm");
    Result write =
        CommandRunner.run(properties(), "query", "DELETE FROM crm.customers", "--as", "quinn");
    assertThat(write.exitCode()).isEqualTo(2);

    Result show = run("access", "show", "crm.customers");
    assertThat(show.out().lines().toList())
        .hasSize(4)
        .element(0)
        .asString()
        .startsWith("ROLE     WAREHOUSE ROLE  READS                   LOGIN  UNTIL");
    assertThat(show.out())
        .containsPattern("analyst +mesh_analyst +crm.customers__secured +quinn +20");
    assertThat(show.out())
        .containsPattern(
            "analyst +mesh_analyst +crm.customers__secured +alice +\\(granted outside Meshflow\\)");
    Result log = run("access", "log", "crm.customers");
    assertThat(log.out().lines().skip(1).map(l -> l.substring(20).replaceAll(" +", " ").strip()))
        .containsExactly(
            "requested crm.customers analyst quinn quinn for 30d: churn study",
            "approved crm.customers analyst quinn lee",
            "granted crm.customers analyst quinn lee mesh_analyst to quinn until "
                + approved.out().strip().substring(approved.out().strip().lastIndexOf(' ') + 1));
  }

  @Test
  @Order(6)
  void reconcilingTakesBackWhatWasGrantedByHandAndReportsIt() throws Exception {
    admin(
        "CREATE ROLE bi_tool LOGIN",
        "GRANT USAGE ON SCHEMA crm TO bi_tool",
        "GRANT SELECT ON crm.customers TO bi_tool",
        "GRANT USAGE ON SCHEMA meshflow_staging_crm TO mesh_analyst",
        "ALTER DEFAULT PRIVILEGES FOR ROLE meshflow_domain_crm IN SCHEMA meshflow_staging_crm"
            + " GRANT SELECT ON TABLES TO mesh_analyst");
    // row-level security holds even through a grant made by hand: bi_tool is in no role it lets in
    assertThat(as("bi_tool", "SELECT count(*) FROM crm.customers")).containsExactly("0");
    Result reconciled = run("access", "--reconcile");
    assertThat(reconciled.out().lines().toList())
        .containsExactly(
            "crm.customers: revoked SELECT on crm.customers to bi_tool",
            "staging meshflow_staging_crm: revoked its use from mesh_analyst",
            "staging meshflow_staging_crm: removed default privileges on new tables for"
                + " mesh_analyst",
            "3 changes");
    assertThat(refusal("bi_tool", "SELECT count(*) FROM crm.customers"))
        .isEqualTo("ERROR: permission denied for table customers");
    assertThat(run("access", "--reconcile").out().strip())
        .isEqualTo("access matches the contracts: nothing to change");
  }
}
