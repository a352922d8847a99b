package io.meshflow.contracts.model;

import java.util.List;

/** Who may read a product, and under which named policies. */
public record Access(List<String> roles, List<String> policies) {
  public Access {
    roles = List.copyOf(roles);
    policies = List.copyOf(policies);
  }

  public static Access none() {
    return new Access(List.of(), List.of());
  }
}
