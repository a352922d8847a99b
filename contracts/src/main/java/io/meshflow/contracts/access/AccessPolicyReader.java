package io.meshflow.contracts.access;

import io.meshflow.contracts.access.AccessPolicy.ColumnRule;
import io.meshflow.contracts.access.AccessPolicy.RowFilter;
import io.meshflow.contracts.parse.StrictYaml;
import io.meshflow.contracts.sql.ConditionColumns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one access policy file (kind {@code AccessPolicy}) strictly: the organisation's consumer
 * roles and the policies contracts may name.
 */
public final class AccessPolicyReader {
  /** A policy's name, e.g. {@code PII-RED-ACT}. */
  public static final Pattern POLICY_NAME =
      Pattern.compile("[A-Za-z][A-Za-z0-9]*([_-][A-Za-z0-9]+)*");

  /** A column tag, e.g. {@code pii} or {@code email}. */
  public static final Pattern TAG = Pattern.compile("[a-z][a-z0-9]*([_-][a-z0-9]+)*");

  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,20}");

  /**
   * What one file declares.
   *
   * @param prefix the role prefix it sets, or null
   */
  public record Declared(String prefix, Map<String, String> roles, List<AccessPolicy> policies) {}

  private AccessPolicyReader() {}

  public static Set<String> topKeys() {
    return Set.of("apiVersion", "kind", "metadata", "roles", "policies");
  }

  /** Reads a document already known to be an {@code AccessPolicy}. */
  public static Declared read(StrictYaml.Element doc, String file) {
    doc.requireEquals("apiVersion", "datamesh.io/v1");
    doc.requireEquals("kind", "AccessPolicy");
    doc.map("metadata", false, Set.of("name", "owner", "description"));
    String prefix = null;
    Map<String, String> roles = new LinkedHashMap<>();
    StrictYaml.Element r = doc.map("roles", false, Set.of("prefix", "known"));
    if (r != null) {
      prefix = r.string("prefix", false);
      if (prefix != null && !PREFIX.matcher(prefix).matches()) {
        r.problem(
            "prefix",
            "a role prefix is lower-case letters, digits and underscores, at most 21 characters");
        prefix = null;
      }
      for (StrictYaml.Element known : r.list("known", false, Set.of("name", "description"))) {
        String name = known.string("name", true);
        if (name == null) continue;
        if (!AccessPolicies.ROLE_NAME.matcher(name).matches()) {
          known.problem("name", "'" + name + "' is not a role name (e.g. data-scientist)");
        } else if (roles.containsKey(name)) {
          known.problem("name", "role '" + name + "' is listed twice");
        } else {
          roles.put(name, known.string("description", false));
        }
      }
    }
    List<AccessPolicy> policies = new ArrayList<>();
    for (StrictYaml.Element p :
        doc.list(
            "policies", false, Set.of("name", "description", "exempt_roles", "columns", "rows"))) {
      String name = p.string("name", true);
      if (name != null && !POLICY_NAME.matcher(name).matches()) {
        p.problem("name", "'" + name + "' is not a policy name (e.g. PII-RED-ACT)");
      }
      List<String> exempt = roleList(p, "exempt_roles");
      List<ColumnRule> columns = new ArrayList<>();
      for (StrictYaml.Element c :
          p.list("columns", false, Set.of("tag", "role", "treatment", "mask"))) {
        String tag = c.string("tag", true);
        if (tag != null && !TAG.matcher(tag).matches()) {
          c.problem("tag", "'" + tag + "' is not a tag (lower-case words, e.g. pii or email)");
        }
        String role = c.string("role", false);
        if (role != null && !AccessPolicies.ROLE_NAME.matcher(role).matches()) {
          c.problem("role", "'" + role + "' is not a role name (e.g. data-scientist)");
        }
        Treatment treatment = null;
        String treatmentName = c.string("treatment", true);
        if (treatmentName != null) {
          try {
            treatment = Treatment.of(treatmentName);
          } catch (IllegalArgumentException e) {
            c.problem("treatment", e.getMessage());
          }
        }
        String mask = c.string("mask", false);
        if (mask != null && treatment != Treatment.REDACT) {
          c.problem("mask", "a mask is what redact shows; it takes no other treatment");
        }
        if (tag != null && treatment != null)
          columns.add(new ColumnRule(tag, role, treatment, mask));
      }
      List<RowFilter> rows = new ArrayList<>();
      for (StrictYaml.Element row : p.list("rows", false, Set.of("roles", "where"))) {
        String where = row.string("where", true);
        if (where == null) continue;
        if (where.contains(";") || ConditionColumns.of(where).isEmpty()) {
          row.problem(
              "where",
              "'"
                  + where
                  + "' is not a SQL condition over the product's columns (e.g. region = 'EU')");
          continue;
        }
        rows.add(new RowFilter(roleList(row, "roles"), where));
      }
      if (name != null) {
        policies.add(
            new AccessPolicy(
                name, p.string("description", false), exempt, columns, rows, file, p.line()));
      }
    }
    return new Declared(prefix, roles, policies);
  }

  private static List<String> roleList(StrictYaml.Element e, String key) {
    List<String> out = new ArrayList<>();
    for (String role : e.strings(key)) {
      if (AccessPolicies.ROLE_NAME.matcher(role).matches()) {
        out.add(role);
      } else {
        e.problem(key, "'" + role + "' is not a role name (e.g. data-scientist)");
      }
    }
    return out;
  }
}
