package io.meshflow.orchestrator.access;

import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.workers.sql.DomainRole;
import io.meshflow.workers.sql.Warehouse;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Keeps each domain's warehouse role least-privileged, working as the platform's own (admin) role:
 * the domain's login role exists, owns its domain's schema and its staging schema (and every table
 * in them), holds no superuser or other elevated attribute, is a member of no role that reads
 * server files or runs programs, and reads another domain's product only once a model of its own
 * refs it. Nothing else is granted to it: the catalog ({@code meshflow}), other domains' schemas
 * and their staging stay out of its reach.
 */
public final class DomainRoles {
  /** Built-in roles whose members could escape the warehouse. */
  private static final List<String> ELEVATED =
      List.of(
          "pg_read_server_files",
          "pg_write_server_files",
          "pg_execute_server_program",
          "pg_read_all_data",
          "pg_write_all_data",
          "pg_signal_backend");

  private DomainRoles() {}

  /**
   * Creates what is missing for {@code role} and brings ownership in line.
   *
   * @param password the role's password, or {@code null} where the server trusts local logins (the
   *     embedded default)
   */
  public static void provision(Handle h, DomainRole role, String password) {
    String name = role.role().value();
    h.createQuery("SELECT pg_advisory_xact_lock(hashtext(:key))")
        .bind("key", "meshflow.role." + name)
        .mapTo(String.class)
        .one();
    if (!roleExists(h, name)) {
      h.execute(
          "CREATE ROLE "
              + role.role().quoted()
              + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
              + (password == null ? "" : " PASSWORD " + literal(password)));
    } else if (password != null) {
      h.execute("ALTER ROLE " + role.role().quoted() + " PASSWORD " + literal(password));
    }
    refuseElevated(h, name);
    // the group whose members see every row of a product, whatever its consumers' row filters
    h.createQuery("SELECT pg_advisory_xact_lock(hashtext(:key))")
        .bind("key", "meshflow.role." + DomainRole.DOMAINS_GROUP)
        .mapTo(String.class)
        .one();
    if (!roleExists(h, DomainRole.DOMAINS_GROUP)) {
      h.execute("CREATE ROLE " + DomainRole.DOMAINS_GROUP + " NOLOGIN");
    }
    h.execute("GRANT " + DomainRole.DOMAINS_GROUP + " TO " + role.role().quoted());
    // PostgreSQL before 15 let everyone create objects in public; Meshflow's roles never need to
    h.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    own(h, role.domain(), role);
    own(h, role.stagingSchema(), role);
  }

  /**
   * Lets {@code reader} read {@code products} of other domains: usage of their schemas and select
   * on their tables, where they exist yet. Publishing keeps a table's grants across its swaps.
   */
  public static void grantReads(Handle h, DomainRole reader, Collection<ProductId> products) {
    // a domain's role is made where its workers start; none yet means no worker to read anything
    if (!roleExists(h, reader.role().value())) return;
    for (ProductId product : products) {
      if (product.domain().equals(reader.domain())) continue;
      if (schemaExists(h, product.domain().value())) {
        h.execute(
            "GRANT USAGE ON SCHEMA " + product.domain().quoted() + " TO " + reader.role().quoted());
      }
      if (Warehouse.tableExists(h, product.domain().value(), product.name().value())) {
        h.execute(
            "GRANT SELECT ON TABLE " + product.qualifiedTable() + " TO " + reader.role().quoted());
      }
    }
  }

  private static void refuseElevated(Handle h, String name) {
    List<String> problems =
        h
            .createQuery(
                """
                SELECT CASE WHEN r.rolsuper THEN 'superuser' WHEN r.rolcreaterole THEN 'createrole'
                            WHEN r.rolbypassrls THEN 'bypassrls' WHEN r.rolreplication THEN 'replication'
                            ELSE NULL END
                FROM pg_roles r WHERE r.rolname = :r
                UNION ALL
                SELECT 'member of ' || g.rolname FROM pg_roles g
                WHERE pg_has_role(:r, g.oid, 'USAGE') AND g.rolname <> :r
                  AND (g.rolsuper OR g.rolname = ANY (:elevated))""")
            .bind("r", name)
            .bind("elevated", ELEVATED.toArray(String[]::new))
            .mapTo(String.class)
            .list()
            .stream()
            .filter(p -> p != null)
            .toList();
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "the warehouse role "
              + name
              + " has more privilege than a domain's data work may have ("
              + String.join(", ", problems)
              + "); take it away, e.g. ALTER ROLE "
              + name
              + " NOSUPERUSER, or REVOKE the role from it");
    }
  }

  /** {@code schema} exists and belongs to {@code role}, with every table in it. */
  private static void own(Handle h, SqlIdentifier schema, DomainRole role) {
    Warehouse.ensureSchema(h, schema);
    String owner =
        h.createQuery("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = :s")
            .bind("s", schema.value())
            .mapTo(String.class)
            .one();
    if (owner.equals(role.role().value())) return;
    h.execute("ALTER SCHEMA " + schema.quoted() + " OWNER TO " + role.role().quoted());
    h.createQuery(
            """
            SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, :r)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = :s AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
              AND pg_get_userbyid(c.relowner) <> :r
            ORDER BY c.relname""")
        .bind("s", schema.value())
        .bind("r", role.role().value())
        .mapTo(String.class)
        .list()
        .forEach(h::execute);
  }

  private static boolean roleExists(Handle h, String role) {
    return h.createQuery("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :r)")
        .bind("r", role)
        .mapTo(Boolean.class)
        .one();
  }

  private static boolean schemaExists(Handle h, String schema) {
    return h.createQuery("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = :s)")
        .bind("s", schema)
        .mapTo(Boolean.class)
        .one();
  }

  /** Role options take no bind parameters; standard strings double a quote and nothing else. */
  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
