package io.meshflow.contracts.access;

import io.meshflow.contracts.access.AccessPolicy.ColumnRule;
import io.meshflow.contracts.access.AccessPolicy.RowFilter;
import io.meshflow.contracts.access.Exposure.ColumnAccess;
import io.meshflow.contracts.access.Exposure.RoleTreatment;
import io.meshflow.contracts.access.Exposure.RowAccess;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.contracts.parse.ContractProblem;
import io.meshflow.contracts.sql.ConditionColumns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The organisation's consumer roles and access policies, defined centrally in {@code governance/}
 * and enforced by the warehouse: each role a contract names is a PostgreSQL role ({@link
 * #warehouseRole}), and each policy it names becomes a secured view and row-level security.
 *
 * @param rolePrefix what a role's warehouse name starts with ({@code mesh_}: {@code analyst} reads
 *     as {@code mesh_analyst})
 * @param roles the organisation's consumer roles, with what each is for; empty when the platform
 *     keeps no list
 * @param policies the policies contracts may name
 */
public record AccessPolicies(
    String rolePrefix, Map<String, String> roles, List<AccessPolicy> policies) {
  /** What a role name in a contract or a policy may be: lower-case words, e.g. data-scientist. */
  public static final Pattern ROLE_NAME = Pattern.compile("[a-z][a-z0-9]*([_-][a-z0-9]+)*");

  public static final String DEFAULT_PREFIX = "mesh_";

  public AccessPolicies {
    roles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    policies = List.copyOf(policies);
  }

  /** No policies, no role list, the default role prefix. */
  public static AccessPolicies none() {
    return new AccessPolicies(DEFAULT_PREFIX, Map.of(), List.of());
  }

  public Optional<AccessPolicy> policy(String name) {
    return policies.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The warehouse role of a consumer role: the prefix, then the name with hyphens as underscores
   * ({@code data-scientist} → {@code mesh_data_scientist}).
   */
  public SqlIdentifier warehouseRole(String role) {
    if (role == null || !ROLE_NAME.matcher(role).matches()) {
      throw new IllegalArgumentException(
          "'"
              + role
              + "' is not a role name (lower-case letters and digits in words joined by - or _,"
              + " e.g. data-scientist)");
    }
    String name = rolePrefix + role.replace('-', '_');
    if (!SqlIdentifier.isValid(name)) {
      throw new IllegalArgumentException(
          "the role '"
              + role
              + "' makes the warehouse role name '"
              + name
              + "', which is too long");
    }
    return SqlIdentifier.of(name);
  }

  /**
   * What is wrong with how {@code contract} uses roles and policies: role names, policies that do
   * not exist, treatments its fields cannot take, row filters over columns it lacks.
   */
  public List<ContractProblem> problems(DataProductContract contract, String file) {
    List<ContractProblem> problems = new ArrayList<>();
    Set<SqlIdentifier> seen = new LinkedHashSet<>();
    List<String> roleNames = contract.access().roles();
    for (int i = 0; i < roleNames.size(); i++) {
      String path = "spec.access.roles[" + i + "]";
      try {
        if (!seen.add(warehouseRole(roleNames.get(i)))) {
          problems.add(
              problem(contract, file, path, "role '" + roleNames.get(i) + "' is named twice"));
        }
      } catch (IllegalArgumentException e) {
        problems.add(problem(contract, file, path, e.getMessage()));
      }
    }
    List<String> named = contract.access().policies();
    for (int i = 0; i < named.size(); i++) {
      String path = "spec.access.policies[" + i + "]";
      Optional<AccessPolicy> policy = policy(named.get(i));
      if (policy.isEmpty()) {
        problems.add(
            problem(
                contract,
                file,
                path,
                "no access policy '"
                    + named.get(i)
                    + "' in governance/ (known: "
                    + (policies.isEmpty()
                        ? "none"
                        : String.join(", ", policies.stream().map(AccessPolicy::name).toList()))
                    + ")"));
        continue;
      }
      for (ColumnRule rule : policy.get().columns()) {
        if (rule.treatment() != Treatment.HASH && rule.treatment() != Treatment.PARTIAL) continue;
        for (FieldSpec f : contract.fields()) {
          if (tags(f).contains(rule.tag()) && f.type() != FieldType.STRING) {
            problems.add(
                problem(
                    contract,
                    file,
                    path,
                    "policy '"
                        + named.get(i)
                        + "' would "
                        + rule.treatment().policyName()
                        + " the field '"
                        + f.name()
                        + "' (tag "
                        + rule.tag()
                        + "), which is a "
                        + f.type().contractName()
                        + "; hash and partial apply to string fields"));
          }
        }
      }
      Set<String> columns = new LinkedHashSet<>();
      contract.fields().forEach(f -> columns.add(f.name().value()));
      for (RowFilter filter : policy.get().rows()) {
        for (String column : ConditionColumns.of(filter.where())) {
          if (!columns.contains(column)) {
            problems.add(
                problem(
                    contract,
                    file,
                    path,
                    "policy '"
                        + named.get(i)
                        + "' filters rows by '"
                        + column
                        + "', which "
                        + contract.id()
                        + " has no field of"));
          }
        }
      }
    }
    return problems;
  }

  /** The tags of a field: its {@code tags}, and {@code pii} when it is PII. */
  public static Set<String> tags(FieldSpec f) {
    Set<String> tags = new LinkedHashSet<>(f.tags());
    if (f.pii()) tags.add("pii");
    return tags;
  }

  /**
   * How {@code contract}'s product is exposed. Roles and policies it names wrongly are left out
   * (validation reports them).
   */
  public Exposure exposure(DataProductContract contract) {
    Set<SqlIdentifier> readers = new LinkedHashSet<>();
    for (String role : contract.access().roles()) {
      if (ROLE_NAME.matcher(role).matches()) readers.add(warehouseRole(role));
    }
    List<AccessPolicy> applied =
        contract.access().policies().stream().map(this::policy).flatMap(Optional::stream).toList();
    if (readers.isEmpty()) return Exposure.none();
    // every role whose treatment may differ: the readers, and those the policies name
    Set<String> involved = new LinkedHashSet<>(contract.access().roles());
    for (AccessPolicy p : applied) {
      involved.addAll(p.exemptRoles());
      p.columns().stream().map(ColumnRule::role).filter(r -> r != null).forEach(involved::add);
      p.rows().forEach(r -> involved.addAll(r.roles()));
    }
    involved.removeIf(r -> !ROLE_NAME.matcher(r).matches());
    List<ColumnAccess> columns = new ArrayList<>();
    for (FieldSpec f : contract.fields()) {
      List<RoleTreatment> byRole = new ArrayList<>();
      for (String role : involved) byRole.add(treatment(applied, f, role));
      RoleTreatment otherwise = treatment(applied, f, null);
      byRole.sort(Comparator.comparing(RoleTreatment::treatment));
      columns.add(new ColumnAccess(f.name(), f.type(), byRole, otherwise));
    }
    List<RowAccess> rows = new ArrayList<>();
    if (applied.stream().anyMatch(p -> !p.rows().isEmpty())) {
      for (String role : involved)
        rows.add(new RowAccess(warehouseRole(role), where(applied, role)));
    }
    List<SqlIdentifier> roles = involved.stream().map(this::warehouseRole).toList();
    return new Exposure(List.copyOf(readers), !applied.isEmpty(), columns, rows, roles);
  }

  /**
   * The treatment of field {@code f} for {@code role} (null: a reader with no role of its own in
   * the policies): each policy's own, the strictest of them wins.
   */
  private RoleTreatment treatment(List<AccessPolicy> applied, FieldSpec f, String role) {
    Set<String> tags = tags(f);
    Treatment strictest = Treatment.PASS;
    String mask = null;
    for (AccessPolicy p : applied) {
      if (role != null && p.exemptRoles().contains(role)) continue;
      List<ColumnRule> rules = p.columns().stream().filter(r -> tags.contains(r.tag())).toList();
      List<ColumnRule> own =
          role == null ? List.of() : rules.stream().filter(r -> role.equals(r.role())).toList();
      List<ColumnRule> effective =
          own.isEmpty() ? rules.stream().filter(r -> r.role() == null).toList() : own;
      for (ColumnRule r : effective) {
        if (r.treatment().ordinal() >= strictest.ordinal()) {
          strictest = r.treatment();
          if (r.treatment() == Treatment.REDACT && f.type() == FieldType.STRING) mask = r.mask();
        }
      }
    }
    return new RoleTreatment(
        role == null ? null : warehouseRole(role),
        strictest,
        strictest == Treatment.REDACT ? mask : null);
  }

  /** The rows {@code role} sees: every policy's filter for it must hold; null for all rows. */
  private static String where(List<AccessPolicy> applied, String role) {
    List<String> conditions = new ArrayList<>();
    for (AccessPolicy p : applied) {
      if (p.exemptRoles().contains(role)) continue;
      List<RowFilter> own = p.rows().stream().filter(r -> r.roles().contains(role)).toList();
      List<RowFilter> effective =
          own.isEmpty() ? p.rows().stream().filter(r -> r.roles().isEmpty()).toList() : own;
      effective.forEach(r -> conditions.add("(" + r.where() + ")"));
    }
    return conditions.isEmpty() ? null : String.join(" AND ", conditions);
  }

  /** The CEL variable {@code access}: the role list and the policies, for governance rules. */
  public Map<String, Object> celView() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("roles", List.copyOf(roles.keySet()));
    m.put("policies", policies.stream().map(AccessPolicy::name).toList());
    m.put(
        "pii_policies",
        policies.stream().filter(p -> p.governs("pii")).map(AccessPolicy::name).toList());
    return m;
  }

  private static ContractProblem problem(
      DataProductContract contract, String file, String path, String message) {
    return new ContractProblem(file, path, contract.lineOf(path), message);
  }
}
