package io.meshflow.contracts.access;

import java.util.List;

/**
 * A named access policy of the platform ({@code governance/*.yaml}, kind {@code AccessPolicy}): how
 * columns with a tag are shown to each consumer role, and which rows each role sees. Contracts name
 * the policies that apply to them ({@code spec.access.policies}).
 *
 * @param exemptRoles roles that see every governed column as published and every row
 * @param file the policy file, for messages
 */
public record AccessPolicy(
    String name,
    String description,
    List<String> exemptRoles,
    List<ColumnRule> columns,
    List<RowFilter> rows,
    String file,
    int line) {

  public AccessPolicy {
    exemptRoles = List.copyOf(exemptRoles);
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /**
   * The treatment of the columns tagged {@code tag} ({@code pii} for fields with {@code pii: true},
   * or one of a field's {@code tags}).
   *
   * @param role the role the rule is for, or {@code null} for every role without a rule of its own
   * @param mask the fixed text a {@code redact} shows in a string column instead of NULL, or null
   */
  public record ColumnRule(String tag, String role, Treatment treatment, String mask) {}

  /**
   * The rows a role sees: those where {@code where}, a SQL condition over the product's columns, is
   * true.
   *
   * @param roles the roles it filters; empty for every role that is not exempt
   */
  public record RowFilter(List<String> roles, String where) {
    public RowFilter {
      roles = List.copyOf(roles);
    }
  }

  /** Whether the policy governs columns tagged {@code tag}. */
  public boolean governs(String tag) {
    return columns.stream().anyMatch(c -> c.tag().equals(tag));
  }
}
