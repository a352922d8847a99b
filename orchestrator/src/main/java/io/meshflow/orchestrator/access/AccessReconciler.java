package io.meshflow.orchestrator.access;

import io.meshflow.contracts.access.AccessPolicies;
import io.meshflow.contracts.access.Exposure;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.workers.sql.DomainRole;
import io.meshflow.workers.sql.ProductAccess;
import io.meshflow.workers.sql.Warehouse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Brings every published product's grants, secured view and row filters in line with its contract
 * and the access policies, as publishing does, without publishing; and closes the domains' staging
 * to everyone but their own role. Reports each privilege it gave or took.
 */
public final class AccessReconciler {
  private final Warehouse warehouse;
  private final AccessPolicies policies;

  /**
   * @param warehouse the warehouse as the platform's (administrative) role sees it
   */
  public AccessReconciler(Warehouse warehouse, AccessPolicies policies) {
    this.warehouse = warehouse;
    this.policies = policies;
  }

  /** Reconciles the products of {@code mesh}; returns what changed, one line each. */
  public List<String> reconcile(Mesh mesh) {
    List<String> changes = new ArrayList<>();
    for (DataProductContract contract : mesh.products()) {
      ProductId product = contract.id();
      Exposure exposure = policies.exposure(contract);
      warehouse
          .jdbi()
          .useTransaction(
              h -> {
                if (!Warehouse.tableExists(h, product.domain().value(), product.name().value())) {
                  return;
                }
                ConsumerRoles.ensure(h, exposure.roles());
                Set<String> before = privileges(h, product);
                DomainRole owner = DomainRole.of(product.domain().value());
                // as the owner: the secured view must read the table as its owner does
                h.execute("SET LOCAL ROLE " + owner.role().quoted());
                ProductAccess.apply(h, product, exposure, null);
                h.execute("RESET ROLE");
                Set<String> after = privileges(h, product);
                for (String p : before) {
                  if (!after.contains(p)) changes.add(product + ": revoked " + p);
                }
                for (String p : after) {
                  if (!before.contains(p)) changes.add(product + ": granted " + p);
                }
              });
    }
    for (String domain : mesh.domains()) {
      DomainRole role = DomainRole.of(domain);
      warehouse.jdbi().useTransaction(h -> closeStaging(h, role, changes));
    }
    return changes;
  }

  /** Every privilege on the product's table, view and schema, and its row filter, in words. */
  private static Set<String> privileges(Handle h, ProductId product) {
    Set<String> out = new LinkedHashSet<>();
    String table = product.qualifiedTable();
    String view = ProductAccess.securedView(product);
    out.addAll(
        h.createQuery(
                """
                SELECT a.privilege_type || ' on ' || c.oid::regclass::text || ' to '
                       || CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE r.rolname END
                FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) AS a
                LEFT JOIN pg_roles r ON r.oid = a.grantee
                WHERE c.oid IN (to_regclass(:t), to_regclass(:v)) AND a.grantee <> c.relowner
                ORDER BY 1""")
            .bind("t", table)
            .bind("v", view)
            .mapTo(String.class)
            .list());
    out.addAll(
        h.createQuery(
                """
                SELECT 'row filter on ' || c.oid::regclass::text || ': ' || pg_get_expr(p.polqual, p.polrelid)
                FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
                WHERE p.polrelid = to_regclass(:t)""")
            .bind("t", table)
            .mapTo(String.class)
            .list());
    return out;
  }

  /** No one but the domain's role uses its staging schema: raw, unmasked source data sits there. */
  private static void closeStaging(Handle h, DomainRole role, List<String> changes) {
    String schema = role.stagingSchema().value();
    List<String> grantees =
        h.createQuery(
                """
                SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END
                FROM pg_namespace n CROSS JOIN LATERAL aclexplode(n.nspacl) AS a
                LEFT JOIN pg_roles r ON r.oid = a.grantee
                WHERE n.nspname = :s AND a.grantee <> n.nspowner ORDER BY 1""")
            .bind("s", schema)
            .mapTo(String.class)
            .list();
    for (String grantee : grantees) {
      h.execute("REVOKE ALL ON SCHEMA " + role.stagingSchema().quoted() + " FROM " + grantee);
      changes.add("staging " + schema + ": revoked its use from " + grantee);
    }
    List<String> defaults =
        h.createQuery(
                """
                SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END
                FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace
                CROSS JOIN LATERAL aclexplode(d.defaclacl) AS a
                LEFT JOIN pg_roles r ON r.oid = a.grantee
                WHERE n.nspname = :s AND a.grantee <> d.defaclrole ORDER BY 1""")
            .bind("s", schema)
            .mapTo(String.class)
            .list();
    for (String grantee : defaults) {
      h.execute(
          "ALTER DEFAULT PRIVILEGES FOR ROLE "
              + role.role().quoted()
              + " IN SCHEMA "
              + role.stagingSchema().quoted()
              + " REVOKE ALL ON TABLES FROM "
              + grantee);
      changes.add(
          "staging " + schema + ": removed default privileges on new tables for " + grantee);
    }
  }
}
