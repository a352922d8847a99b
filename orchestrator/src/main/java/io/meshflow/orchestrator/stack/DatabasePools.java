package io.meshflow.orchestrator.stack;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.meshflow.workers.sql.DomainRole;
import java.util.ArrayList;
import java.util.List;

/** The connection pools of a stack: the platform's (administrative) one and each domain's. */
final class DatabasePools {
  private DatabasePools() {}

  /**
   * The password of a domain's role on an external PostgreSQL, from the environment (never from a
   * file that could be committed); none where the server trusts the login without one.
   */
  static String password(DomainRole role) {
    String password = System.getenv(role.passwordVariable());
    return password == null || password.isEmpty() ? null : password;
  }

  /** Logs in once as the domain's role, so a worker that cannot do so says so when it starts. */
  private static void checkLogin(HikariDataSource pool, DomainRole role) {
    try (var connection = pool.getConnection()) {
      connection.isValid(5);
    } catch (java.sql.SQLException | RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null) cause = cause.getCause();
      throw new StackException(
          "the worker of domain "
              + role.domain()
              + " cannot log in to the warehouse as role "
              + role.role()
              + " ("
              + cause.getMessage()
              + "); set the role's password in "
              + role.passwordVariable());
    }
  }

  /** A JDBC URL without user or password, so the pool's own user is the one that logs in. */
  static String withoutCredentials(String url) {
    int query = url.indexOf('?');
    if (query < 0) return url;
    List<String> kept = new ArrayList<>();
    for (String param : url.substring(query + 1).split("&")) {
      String key = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
      if (!key.equalsIgnoreCase("user") && !key.equalsIgnoreCase("password")) kept.add(param);
    }
    return url.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
  }

  static HikariDataSource pool(String url, String user, String password, String name) {
    return pool(url, user, password, name, 16);
  }

  private static HikariDataSource pool(
      String url, String user, String password, String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size < 16 ? 0 : 1);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }

  /** The pool of a {@code meshflow dev}'s PostgreSQL on this machine, as its superuser. */
  static HikariDataSource local(int port, String name) {
    return pool("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", null, name);
  }

  /**
   * The pool of a domain's worker, logged in as the domain's role at {@code url}'s server; fails at
   * once when the role cannot log in.
   */
  static HikariDataSource domain(String url, DomainRole role, String password) {
    HikariDataSource pool =
        pool(withoutCredentials(url), role.role().value(), password, role.domain().value(), 8);
    try {
      checkLogin(pool, role);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return pool;
  }
}
