package io.meshflow.workers.sql;

import io.meshflow.contracts.access.Exposure;
import io.meshflow.contracts.access.Exposure.ColumnAccess;
import io.meshflow.contracts.access.Exposure.RoleTreatment;
import io.meshflow.contracts.access.Exposure.RowAccess;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SqlIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The generated SQL that exposes a published product to its consumers, run as the product's owner
 * in the transaction that publishes it: the roles its contract names read its table, or, when
 * access policies apply, a secured view that applies them; row filters are row-level security on
 * the table. No one else reads it: grants to anyone but the domains' own roles are taken away.
 */
public final class ProductAccess {
  /** The suffix of a product's secured view: {@code orders.order_events__secured}. */
  public static final String SECURED_SUFFIX = "__secured";

  /** The row-level security policy Meshflow keeps on a product's table. */
  static final String ROW_POLICY = "meshflow_readers";

  private ProductAccess() {}

  /** The quoted, qualified name of the secured view of {@code product}. */
  public static String securedView(ProductId product) {
    return product.domain().quoted() + "." + securedName(product).quoted();
  }

  private static SqlIdentifier securedName(ProductId product) {
    return SqlIdentifier.of(product.name().value() + SECURED_SUFFIX);
  }

  /**
   * Drops the secured view, which would keep the table it reads from being replaced; {@link #apply}
   * makes it again in the same transaction.
   */
  public static void dropView(Handle h, ProductId product) {
    h.execute("DROP VIEW IF EXISTS " + securedView(product));
  }

  /**
   * Gives {@code product}'s consumers what {@code exposure} says and takes away everything else.
   *
   * @param partition the partition table this publish replaced, or null
   */
  public static void apply(Handle h, ProductId product, Exposure exposure, String partition) {
    String table = product.qualifiedTable();
    revokeConsumers(h, table);
    if (partition != null) revokeConsumers(h, partition);
    String readers =
        exposure.readers().stream().map(SqlIdentifier::quoted).collect(Collectors.joining(", "));
    dropView(h, product);
    if (exposure.secured()) {
      h.execute(
          "CREATE VIEW "
              + securedView(product)
              + " WITH (security_barrier) AS SELECT "
              + exposure.columns().stream()
                  .map(ProductAccess::column)
                  .collect(Collectors.joining(", "))
              + " FROM "
              + table);
      h.execute(
          "COMMENT ON VIEW "
              + securedView(product)
              + " IS 'Meshflow: "
              + product
              + " as its consumers read it, under its access policies'");
    }
    if (!readers.isEmpty()) {
      h.execute("GRANT USAGE ON SCHEMA " + product.domain().quoted() + " TO " + readers);
      h.execute(
          "GRANT SELECT ON "
              + (exposure.secured() ? securedView(product) : table)
              + " TO "
              + readers);
    }
    rowSecurity(h, table, exposure);
  }

  /** Takes every privilege on {@code table} from everyone but its owner and the domains' roles. */
  private static void revokeConsumers(Handle h, String table) {
    List<String> grantees =
        h.createQuery(
                """
                SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END
                FROM pg_class c
                CROSS JOIN LATERAL aclexplode(c.relacl) AS a
                LEFT JOIN pg_roles r ON r.oid = a.grantee
                WHERE c.oid = to_regclass(:t) AND a.grantee <> c.relowner
                  AND NOT EXISTS (
                    SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                    WHERE g.rolname = :domains AND m.member = a.grantee)
                ORDER BY 1""")
            .bind("t", table)
            .bind("domains", DomainRole.DOMAINS_GROUP)
            .mapTo(String.class)
            .list();
    for (String grantee : grantees) {
      if (grantee != null) h.execute("REVOKE ALL ON " + table + " FROM " + grantee);
    }
  }

  /** Row-level security on the table when some role sees only some rows; none otherwise. */
  private static void rowSecurity(Handle h, String table, Exposure exposure) {
    boolean secured =
        h.createQuery(
                """
                SELECT c.relrowsecurity OR EXISTS (SELECT 1 FROM pg_policy p
                  WHERE p.polrelid = c.oid AND p.polname = :policy)
                FROM pg_class c WHERE c.oid = to_regclass(:t)""")
            .bind("t", table)
            .bind("policy", ROW_POLICY)
            .mapTo(Boolean.class)
            .one();
    if (!exposure.filtersRows()) {
      // a table that never had row security is left alone: no lock its readers would wait for
      if (secured) {
        h.execute("DROP POLICY IF EXISTS " + ROW_POLICY + " ON " + table);
        h.execute("ALTER TABLE " + table + " NO FORCE ROW LEVEL SECURITY");
        h.execute("ALTER TABLE " + table + " DISABLE ROW LEVEL SECURITY");
      }
      return;
    }
    h.execute("DROP POLICY IF EXISTS " + ROW_POLICY + " ON " + table);
    // the secured view reads the table as its owner, so the owner is held to the policy too;
    // current_user is still the consumer there, and the domains' own roles see every row
    List<String> visible = new ArrayList<>();
    visible.add(member(SqlIdentifier.of(DomainRole.DOMAINS_GROUP)));
    for (RowAccess row : exposure.rows()) {
      visible.add(
          row.where() == null
              ? member(row.role())
              : "(" + member(row.role()) + " AND (" + row.where() + "))");
    }
    h.execute("ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY");
    h.execute("ALTER TABLE " + table + " FORCE ROW LEVEL SECURITY");
    h.execute(
        "CREATE POLICY "
            + ROW_POLICY
            + " ON "
            + table
            + " USING ("
            + String.join(" OR ", visible)
            + ") WITH CHECK ("
            + member(SqlIdentifier.of(DomainRole.DOMAINS_GROUP))
            + ")");
  }

  /** A column of the secured view: as published, or treated per the roles the reader holds. */
  private static String column(ColumnAccess c) {
    String col = c.column().quoted();
    if (c.passes()) return col;
    // the roles come most revealing first, so a reader gets the best of the roles they hold;
    // those at the end that fare like everyone else need no branch of their own
    List<RoleTreatment> branches = new ArrayList<>(c.byRole());
    while (!branches.isEmpty() && same(branches.get(branches.size() - 1), c.otherwise())) {
      branches.remove(branches.size() - 1);
    }
    if (branches.isEmpty()) return treated(c, c.otherwise()) + " AS " + col;
    StringBuilder sql = new StringBuilder("CASE");
    for (RoleTreatment t : branches) {
      sql.append(" WHEN ").append(member(t.role())).append(" THEN ").append(treated(c, t));
    }
    sql.append(" ELSE ").append(treated(c, c.otherwise())).append(" END AS ").append(col);
    return sql.toString();
  }

  private static boolean same(RoleTreatment a, RoleTreatment b) {
    return a.treatment() == b.treatment() && java.util.Objects.equals(a.mask(), b.mask());
  }

  private static String treated(ColumnAccess c, RoleTreatment t) {
    String col = c.column().quoted();
    return switch (t.treatment()) {
      case PASS -> col;
      case HASH -> ProductTableDdl.hash(col);
      case PARTIAL ->
          "CASE WHEN position('@' in "
              + col
              + ") > 0 THEN '***' || substring("
              + col
              + " from position('@' in "
              + col
              + ")) ELSE repeat('*', greatest(length("
              + col
              + ") - 4, 0)) || right("
              + col
              + ", 4) END";
      case REDACT ->
          t.mask() != null
              ? "CAST(" + literal(t.mask()) + " AS text)"
              : "CAST(NULL AS " + ProductTableDdl.sqlType(c.type()) + ")";
    };
  }

  /** Whether the reader holds {@code role}; names are checked identifiers, so safe as literals. */
  private static String member(SqlIdentifier role) {
    return "pg_has_role(current_user, '" + role.value() + "', 'MEMBER')";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
