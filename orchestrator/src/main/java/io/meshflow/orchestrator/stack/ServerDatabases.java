package io.meshflow.orchestrator.stack;

import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.JdbcSource;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.orchestrator.access.DomainRoles;
import io.meshflow.workers.sql.DomainRole;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;

/**
 * The databases on the embedded PostgreSQL server that a mesh's sources read as operational systems
 * ({@code connection.database}, e.g. a {@code shop} database playing the shop's own): each missing
 * one is created and filled from its {@code seed} SQL, and the domains that read it may connect to
 * it and select from its tables — nothing more. An external server's databases are never written.
 */
public final class ServerDatabases {
  private final Jdbi admin;
  private final String serverUrl;

  /**
   * @param admin the server's administrator (the embedded stack's own login)
   * @param serverUrl the JDBC URL of the administrator's database on that server
   */
  public ServerDatabases(Jdbi admin, String serverUrl) {
    this.admin = admin;
    this.serverUrl = serverUrl;
  }

  /**
   * Creates and seeds what is missing and grants reads to their domains' roles.
   *
   * @return what was created, one line each
   */
  public List<String> ensure(Collection<Mesh.ServerDatabase> databases) {
    List<String> done = new ArrayList<>();
    for (Mesh.ServerDatabase database : databases) {
      SqlIdentifier name = SqlIdentifier.of(database.name());
      boolean exists =
          admin.withHandle(
              h ->
                  h.createQuery("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = :d)")
                      .bind("d", name.value())
                      .mapTo(Boolean.class)
                      .one());
      if (!exists) {
        if (database.seed() == null) continue;
        admin.useHandle(h -> h.execute("CREATE DATABASE " + name.quoted()));
        try {
          run(name, Files.readString(database.seed()));
        } catch (IOException | SQLException | RuntimeException e) {
          // no half-seeded database is left for the next start to take as done
          admin.useHandle(h -> h.execute("DROP DATABASE IF EXISTS " + name.quoted()));
          throw new StackException(
              "seeding the database "
                  + name
                  + " from "
                  + database.seed()
                  + " failed: "
                  + (e.getMessage() == null ? e : e.getMessage().lines().findFirst().orElse("")));
        }
        done.add("created the database " + name + " from " + database.seed().getFileName());
      }
      grantReads(name, database.readers());
    }
    return done;
  }

  /** Lets each reader's role connect to {@code database} and select from its tables. */
  private void grantReads(SqlIdentifier database, Collection<String> readers) {
    List<DomainRole> roles = readers.stream().map(DomainRole::of).toList();
    // the roles exist before their workers start, so that the grants below have someone to name
    admin.useTransaction(h -> roles.forEach(r -> DomainRoles.provision(h, r, null)));
    try (Connection c = connect(database);
        Statement s = c.createStatement()) {
      List<String> schemas = new ArrayList<>();
      try (var rs =
          s.executeQuery(
              "SELECT quote_ident(nspname) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
                  + " AND nspname <> 'information_schema' ORDER BY nspname")) {
        while (rs.next()) schemas.add(rs.getString(1));
      }
      for (DomainRole role : roles) {
        String grantee = role.role().quoted();
        s.execute("GRANT CONNECT ON DATABASE " + database.quoted() + " TO " + grantee);
        for (String schema : schemas) {
          s.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + grantee);
          s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + grantee);
        }
      }
    } catch (SQLException e) {
      throw new StackException(
          "granting reads of the database " + database + " failed: " + e.getMessage());
    }
  }

  /** Runs a seed file's statements in one transaction. */
  private void run(SqlIdentifier database, String sql) throws SQLException {
    try (Connection c = connect(database)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(sql);
      }
      c.commit();
    }
  }

  private Connection connect(SqlIdentifier database) throws SQLException {
    String url = JdbcSource.databaseUrl(serverUrl, database.value());
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    return DriverManager.getConnection(url, props);
  }
}
