package io.meshflow.orchestrator.access;

import io.meshflow.contracts.model.SqlIdentifier;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The warehouse roles of the organisation's consumer roles ({@code mesh_analyst}, …), made by the
 * platform's (admin) role: group roles that cannot log in and hold nothing but the reads products
 * grant them. People read through them as members (a time-boxed grant, or one an administrator
 * gives).
 */
public final class ConsumerRoles {
  private ConsumerRoles() {}

  /** Creates the roles that are missing; refuses a role that exists with more privilege. */
  public static void ensure(Handle h, Collection<SqlIdentifier> roles) {
    for (SqlIdentifier role : roles) {
      h.createQuery("SELECT pg_advisory_xact_lock(hashtext(:key))")
          .bind("key", "meshflow.role." + role.value())
          .mapTo(String.class)
          .one();
      List<String> attributes =
          h.createQuery(
                  """
                  SELECT concat_ws(', ',
                           CASE WHEN rolsuper THEN 'superuser' END,
                           CASE WHEN rolcreaterole THEN 'createrole' END,
                           CASE WHEN rolcreatedb THEN 'createdb' END,
                           CASE WHEN rolbypassrls THEN 'bypassrls' END,
                           CASE WHEN rolreplication THEN 'replication' END)
                  FROM pg_roles WHERE rolname = :r""")
              .bind("r", role.value())
              .mapTo(String.class)
              .list();
      if (attributes.isEmpty()) {
        h.execute(
            "CREATE ROLE "
                + role.quoted()
                + " NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
        h.execute(
            "COMMENT ON ROLE "
                + role.quoted()
                + " IS 'Meshflow consumer role: reads the products whose contracts name it'");
      } else if (!attributes.get(0).isEmpty()) {
        throw new IllegalStateException(
            "the warehouse role "
                + role.value()
                + " has more privilege than a consumer role may have ("
                + attributes.get(0)
                + "); take it away (ALTER ROLE "
                + role.value()
                + " NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS NOREPLICATION)");
      }
    }
  }
}
