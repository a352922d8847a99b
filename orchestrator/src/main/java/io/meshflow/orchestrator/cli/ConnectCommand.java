package io.meshflow.orchestrator.cli;

import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.DevStackFile;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meshflow connect}: the warehouse this home uses, for a SQL client. */
@Component
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    description = {
      "Open psql on the warehouse this home uses, or print how to connect to it. The embedded",
      "PostgreSQL runs while `meshflow dev` (or a command) runs: with dev up, any SQL client can",
      "connect to what --print shows; without it, connect starts the embedded one for the session.",
      "--database opens another database of the same server (e.g. the example mesh's shop);",
      "--file runs a SQL file there in one transaction, without psql.",
      "  meshflow connect --print",
      "  meshflow connect",
      "  meshflow connect --database shop --file domains/inventory/data/shop_changes.sql"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:connected (psql's own exit code otherwise) or printed",
      "1:--print and no warehouse is running for this home; --file failed",
      "2:psql is not installed"
    })
public class ConnectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--print", description = "Print the connection instead of opening psql.")
  boolean print;

  @Option(
      names = "--database",
      paramLabel = "NAME",
      description = "A database of the warehouse's server other than the warehouse's own.")
  String database;

  @Option(
      names = "--file",
      paramLabel = "SQL",
      description = "Run the statements of this file in one transaction, then exit.")
  java.nio.file.Path file;

  private final MeshflowProperties properties;
  private final StackLauncher launcher;

  public ConnectCommand(MeshflowProperties properties, StackLauncher launcher) {
    this.properties = properties;
    this.launcher = launcher;
  }

  /** Where the warehouse is, for a client: never a password. */
  record Connection(String jdbcUrl, String user, String psqlUri, String what) {
    /** The same server's database {@code name}. */
    Connection at(String name) {
      if (name == null) return this;
      return of(
          io.meshflow.contracts.model.JdbcSource.databaseUrl(jdbcUrl, name),
          user,
          what + ", database " + name);
    }

    static Connection of(String jdbcUrl, String user, String what) {
      URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
      String psql =
          "postgresql://"
              + (user == null ? "" : user + "@")
              + uri.getHost()
              + ":"
              + (uri.getPort() < 0 ? 5432 : uri.getPort())
              + uri.getPath();
      return new Connection(jdbcUrl, user, psql, what);
    }
  }

  /** The warehouse of a running dev or a configured server; empty when none runs. */
  private Optional<Connection> running() {
    if (properties.database() != null && properties.database().external()) {
      return Optional.of(
          Connection.of(
              properties.database().url(),
              properties.database().username(),
              "the configured database (MESHFLOW_DATABASE_URL)"));
    }
    return DevStackFile.running(launcher.home())
        .map(
            dev ->
                Connection.of(
                    "jdbc:postgresql://localhost:" + dev.postgresPort() + "/postgres",
                    "postgres",
                    "the embedded PostgreSQL of `meshflow dev` (pid " + dev.pid() + ")"));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (database != null && !io.meshflow.contracts.model.SqlIdentifier.isValid(database)) {
      err.println("invalid database name '" + database + "' (letters, digits and _)");
      err.flush();
      return 2;
    }
    Optional<Connection> running = running().map(c -> c.at(database));
    if (print) {
      if (running.isEmpty()) {
        err.println(
            "no warehouse runs for the home "
                + launcher.home()
                + " (MESHFLOW_HOME): the embedded PostgreSQL runs while `meshflow dev` does;"
                + " start it, or `meshflow connect` opens psql on it for one session");
        err.flush();
        return 1;
      }
      Connection c = running.get();
      out.println("home      " + launcher.home());
      out.println("warehouse " + c.what());
      out.println(
          "jdbc      " + c.jdbcUrl() + (c.user() == null ? "" : " (user " + c.user() + ")"));
      out.println("psql      psql \"" + c.psqlUri() + "\"");
      out.flush();
      return 0;
    }
    if (running.isPresent()) {
      return file != null ? apply(running.get(), out, err) : psql(running.get().psqlUri(), err);
    }
    try (MeshStack stack = launcher.forCommand(new StackLauncher.Needs(false, List.of()))) {
      Connection embedded =
          Connection.of(stack.jdbcUrl(), "postgres", "the embedded PostgreSQL").at(database);
      if (file != null) return apply(embedded, out, err);
      out.println(
          "meshflow: the embedded PostgreSQL of " + launcher.home() + " runs until psql ends");
      out.flush();
      return psql(embedded.psqlUri(), err);
    }
  }

  /** Runs {@link #file} on {@code c} in one transaction. */
  private int apply(Connection c, PrintWriter out, PrintWriter err) {
    String sql;
    try {
      sql = java.nio.file.Files.readString(file);
    } catch (IOException e) {
      err.println("cannot read " + file + ": " + e.getMessage());
      err.flush();
      return 1;
    }
    java.util.Properties props = new java.util.Properties();
    if (c.user() != null) props.setProperty("user", c.user());
    if (properties.database() != null
        && properties.database().external()
        && properties.database().password() != null) {
      props.setProperty("password", properties.database().password());
    }
    try (java.sql.Connection jdbc = java.sql.DriverManager.getConnection(c.jdbcUrl(), props)) {
      jdbc.setAutoCommit(false);
      try (java.sql.Statement statement = jdbc.createStatement()) {
        statement.execute(sql);
        jdbc.commit();
      } catch (java.sql.SQLException e) {
        jdbc.rollback();
        throw e;
      }
    } catch (java.sql.SQLException e) {
      err.println(
          "applying "
              + file
              + " to "
              + c.what()
              + " failed, nothing was changed: "
              + (e.getMessage() == null ? e : e.getMessage().lines().findFirst().orElse("")));
      err.flush();
      return 1;
    }
    out.println("applied " + file + " to " + c.what());
    out.flush();
    return 0;
  }

  private static int psql(String uri, PrintWriter err) throws InterruptedException {
    try {
      return new ProcessBuilder("psql", uri).inheritIO().start().waitFor();
    } catch (IOException e) {
      err.println("psql is not installed here; connect any SQL client to " + uri);
      err.flush();
      return 2;
    }
  }
}
