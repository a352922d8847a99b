package io.meshflow.orchestrator.access;

import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workers.sql.DomainRole;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * People's logins in the warehouse, made members of consumer roles by access grants. A login is an
 * identifier checked against a strict pattern and always quoted; the platform's own roles and
 * superusers never take a consumer role.
 */
public final class ConsumerLogins {
  /** What a login may be called: lower-case letters, digits and underscores. */
  public static final Pattern LOGIN = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private ConsumerLogins() {}

  /** The login named {@code login}; throws with a message a person can act on otherwise. */
  public static SqlIdentifier login(String login) {
    if (login == null || !LOGIN.matcher(login).matches()) {
      throw new IllegalArgumentException(
          "'"
              + login
              + "' is not a login name (lower-case letters, digits and underscores, starting with"
              + " a letter, at most 63 characters)");
    }
    if (login.startsWith("meshflow_") || login.startsWith("pg_") || login.equals("postgres")) {
      throw new IllegalArgumentException(
          "'" + login + "' is one of the platform's own roles, not a person's login");
    }
    return SqlIdentifier.of(login);
  }

  /**
   * Makes {@code login} a member of {@code role}, creating the login (without a password) when it
   * does not exist.
   *
   * @return whether it was a member already
   */
  public static boolean grant(Handle h, String login, String role) {
    SqlIdentifier name = login(login);
    SqlIdentifier group = SqlIdentifier.of(role);
    h.createQuery("SELECT pg_advisory_xact_lock(hashtext(:key))")
        .bind("key", "meshflow.role." + login)
        .mapTo(String.class)
        .one();
    Boolean superuser =
        h.createQuery(
                "SELECT rolsuper OR rolcreaterole OR rolbypassrls FROM pg_roles WHERE rolname = :r")
            .bind("r", login)
            .mapTo(Boolean.class)
            .findOne()
            .orElse(null);
    if (superuser == null) {
      h.execute("CREATE ROLE " + name.quoted() + " LOGIN");
    } else if (superuser) {
      throw new IllegalArgumentException(
          "the login "
              + login
              + " is a superuser or may create roles: it reads everything already, and a consumer"
              + " role would not limit it");
    } else if (isMember(h, login, DomainRole.DOMAINS_GROUP)) {
      throw new IllegalArgumentException(
          "'" + login + "' is a domain's role, not a person's login");
    }
    boolean member = isMember(h, login, role);
    if (!member) h.execute("GRANT " + group.quoted() + " TO " + name.quoted());
    return member;
  }

  /** Takes {@code role} from {@code login}; nothing when it does not hold it. */
  public static void revoke(Handle h, String login, String role) {
    if (isMember(h, login, role)) {
      h.execute("REVOKE " + SqlIdentifier.of(role).quoted() + " FROM " + login(login).quoted());
    }
  }

  /** Whether {@code login} is a direct member of {@code role}. */
  public static boolean isMember(Handle h, String login, String role) {
    return h.createQuery(
            """
            SELECT EXISTS (SELECT 1 FROM pg_auth_members m
              JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
              WHERE g.rolname = :role AND u.rolname = :login)""")
        .bind("role", role)
        .bind("login", login)
        .mapTo(Boolean.class)
        .one();
  }
}
