package io.meshflow.orchestrator.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.orchestrator.catalog.Catalog;
import io.meshflow.orchestrator.stack.EmbeddedDatabase;
import io.meshflow.workers.activities.TransformActivitiesImpl;
import io.meshflow.workers.sql.DomainRole;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.TransformRequest;
import io.temporal.failure.ApplicationFailure;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The attacks a hostile domain engineer tried, with Meshflow's own validation bypassed: each is
 * refused by PostgreSQL's privileges, because a domain's data work runs as that domain's role.
 */
class LeastPrivilegeTest {
  @TempDir static Path dir;
  static EmbeddedDatabase database;
  static Jdbi admin;
  static Warehouse orders;

  static final DomainRole ORDERS = DomainRole.of("orders");
  static final DomainRole BIG = DomainRole.of("big");

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    database = EmbeddedDatabase.start(dir.resolve("pg"), port);
    PGSimpleDataSource superuser = new PGSimpleDataSource();
    superuser.setUrl(database.jdbcUrl());
    superuser.setUser("postgres");
    Catalog.open(superuser);
    admin = Jdbi.create(superuser);
    admin.useTransaction(
        h -> {
          DomainRoles.provision(h, ORDERS, null);
          DomainRoles.provision(h, BIG, null);
        });
    // another domain's product and its raw staging, as its own worker would leave them
    Jdbi big = Jdbi.create(as(BIG));
    big.useHandle(
        h -> {
          h.execute("CREATE TABLE big.h_abs (id int)");
          h.execute("INSERT INTO big.h_abs VALUES (1), (2), (3)");
          h.execute("CREATE TABLE meshflow_staging_big.s_run_src (customer_id text)");
          h.execute("INSERT INTO meshflow_staging_big.s_run_src VALUES ('c-raw-1')");
        });
    orders = new Warehouse(as(ORDERS), ORDERS);
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  static PGSimpleDataSource as(DomainRole role) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(database.jdbcUrl());
    ds.setUser(role.role().value());
    return ds;
  }

  /** What PostgreSQL says when the orders role runs {@code sql}. */
  static String refusal(String sql) {
    UnableToExecuteStatementException e =
        catchThrowableOfType(
            UnableToExecuteStatementException.class,
            () -> orders.jdbi().useHandle(h -> h.createQuery(sql).mapToMap().list()));
    assertThat(e).as(sql).isNotNull();
    return e.getCause().getMessage().lines().findFirst().orElseThrow();
  }

  static long bigRows() {
    Long rows =
        admin.withHandle(
            h -> h.createQuery("SELECT count(*) FROM big.h_abs").mapTo(Long.class).one());
    return rows;
  }

  @Test
  void theDomainRoleHasNoElevatedAttributeNorMembership() {
    List<String> roles =
        admin.withHandle(
            h ->
                h.createQuery(
                        "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls"
                            + " FROM pg_roles WHERE rolname LIKE 'meshflow\\_domain\\_%' ORDER BY 1")
                    .mapToMap()
                    .map(Object::toString)
                    .list());
    assertThat(roles)
        .containsExactly(
            "{rolname=meshflow_domain_big, rolsuper=false, rolcreaterole=false, rolcreatedb=false,"
                + " rolbypassrls=false}",
            "{rolname=meshflow_domain_orders, rolsuper=false, rolcreaterole=false,"
                + " rolcreatedb=false, rolbypassrls=false}");
  }

  @Test
  void anotherDomainsTablesCannotBeReadChangedOrDropped() {
    assertThat(refusal("SELECT * FROM big.h_abs"))
        .isEqualTo("ERROR: permission denied for schema big");
    assertThat(refusal("DELETE FROM big.h_abs RETURNING 1"))
        .isEqualTo("ERROR: permission denied for schema big");
    assertThat(
            catchThrowableOfType(
                    UnableToExecuteStatementException.class,
                    () -> orders.jdbi().useHandle(h -> h.execute("DROP TABLE big.h_abs")))
                .getCause()
                .getMessage())
        .startsWith("ERROR: permission denied for schema big");
    assertThat(bigRows()).isEqualTo(3L);
  }

  @Test
  void anotherDomainsRawStagingCannotBeRead() {
    assertThat(refusal("SELECT * FROM meshflow_staging_big.s_run_src"))
        .isEqualTo("ERROR: permission denied for schema meshflow_staging_big");
  }

  @Test
  void theCatalogCannotBeReadOrRewritten() {
    assertThat(refusal("SELECT * FROM meshflow.runs"))
        .isEqualTo("ERROR: permission denied for schema meshflow");
    assertThat(refusal("UPDATE meshflow.runs SET status = 'SUCCEEDED' RETURNING 1"))
        .isEqualTo("ERROR: permission denied for schema meshflow");
  }

  @Test
  void serverFilesProgramsAndPasswordsAreOutOfReach() {
    assertThat(refusal("SELECT pg_read_file('/etc/hostname')"))
        .isEqualTo("ERROR: permission denied for function pg_read_file");
    assertThat(refusal("SELECT rolpassword FROM pg_authid"))
        .isEqualTo("ERROR: permission denied for table pg_authid");
    assertThat(
            catchThrowableOfType(
                    UnableToExecuteStatementException.class,
                    () ->
                        orders
                            .jdbi()
                            .useHandle(h -> h.execute("COPY (SELECT 1) TO PROGRAM 'id > /tmp/x'")))
                .getCause()
                .getMessage())
        .startsWith("ERROR: permission denied to COPY to or from an external program");
  }

  @Test
  void aModelThatBreaksOutOfTheWrapperRunsNothing() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                new TransformActivitiesImpl(orders)
                    .transform(
                        new TransformRequest(
                            "run-breakout",
                            ProductId.parse("orders.events"),
                            "SELECT 1 AS id) AS m; DROP TABLE big.h_abs; SELECT 1 FROM (SELECT 1",
                            null,
                            List.of(
                                new FieldSpec(
                                    SqlIdentifier.of("id"),
                                    FieldType.INTEGER,
                                    null,
                                    false,
                                    true,
                                    false,
                                    null)),
                            false,
                            null,
                            null,
                            -1)));
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "the model of orders.events must be a single query, but a ';' outside its parentheses"
                + " makes it 3 statements; nothing was run");
    assertThat(bigRows()).isEqualTo(3L);
  }
}
