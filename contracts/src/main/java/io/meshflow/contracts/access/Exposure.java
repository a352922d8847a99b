package io.meshflow.contracts.access;

import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.SqlIdentifier;
import java.util.List;

/**
 * How a published product is exposed to its consumers, worked out from its contract and the
 * platform's access policies: the warehouse roles that read it, and, when policies apply, what each
 * of them sees of each column and of the rows. Publishing applies it in the transaction that makes
 * the new data visible, so grants never lapse.
 *
 * @param readers the roles granted to read the product (its contract's {@code access.roles})
 * @param secured consumers read a secured view that applies the policies; the table itself is
 *     granted to none of them
 * @param columns every field of the product, in order, with its treatments (all {@code pass} when
 *     no policy governs it)
 * @param rows which rows each role sees; empty when no policy filters rows
 * @param roles every role the grants, the view and the row filters name; they must exist first
 */
public record Exposure(
    List<SqlIdentifier> readers,
    boolean secured,
    List<ColumnAccess> columns,
    List<RowAccess> rows,
    List<SqlIdentifier> roles) {

  public Exposure {
    readers = List.copyOf(readers);
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    roles = List.copyOf(roles);
  }

  /** No consumer reads the product. */
  public static Exposure none() {
    return new Exposure(List.of(), false, List.of(), List.of(), List.of());
  }

  /**
   * One column as consumers see it.
   *
   * @param byRole the treatment of each role that has one of its own, most revealing first: a
   *     consumer holding several roles sees the most revealing of theirs
   * @param otherwise the treatment of a reader holding none of those roles
   */
  public record ColumnAccess(
      SqlIdentifier column, FieldType type, List<RoleTreatment> byRole, RoleTreatment otherwise) {
    public ColumnAccess {
      byRole = List.copyOf(byRole);
    }

    /** Whether every reader sees the column as published. */
    public boolean passes() {
      return otherwise.treatment() == Treatment.PASS
          && byRole.stream().allMatch(r -> r.treatment() == Treatment.PASS);
    }
  }

  /**
   * A treatment, for a role or (with {@code role} null) for everyone else.
   *
   * @param mask the text a {@code redact} shows instead of NULL, or null
   */
  public record RoleTreatment(SqlIdentifier role, Treatment treatment, String mask) {}

  /**
   * The rows a role sees.
   *
   * @param where a SQL condition over the product's columns, or null for every row
   */
  public record RowAccess(SqlIdentifier role, String where) {}

  /** Whether some role sees only some rows (then row-level security applies). */
  public boolean filtersRows() {
    return rows.stream().anyMatch(r -> r.where() != null);
  }
}
