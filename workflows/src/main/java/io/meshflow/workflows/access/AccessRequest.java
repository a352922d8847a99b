package io.meshflow.workflows.access;

/**
 * A request for time-boxed read access to a product: {@code login} asks to hold {@code role} (one
 * the product's contract grants) for {@code durationSeconds}.
 *
 * @param requestId the request's own id, the key of its catalog row and audit lines
 * @param warehouseRole the PostgreSQL role of {@code role}, e.g. {@code mesh_analyst}
 * @param pendingSeconds how long the request waits for a decision before it lapses
 * @param expiresAtMillis when a request that was granted already ends (a workflow carried on after
 *     a restart of the platform); 0 for a new request
 */
public record AccessRequest(
    String requestId,
    String product,
    String role,
    String warehouseRole,
    String login,
    long durationSeconds,
    String reason,
    String requestedBy,
    long pendingSeconds,
    long expiresAtMillis) {

  /** The workflow id of the requests of {@code login} for {@code role} on {@code product}. */
  public static String workflowId(String product, String login, String role) {
    return "access/" + product + "/" + login + "/" + role;
  }

  public String workflowId() {
    return workflowId(product, login, role);
  }

  /** The same request, granted already, ending at {@code expiresAtMillis}. */
  public AccessRequest grantedUntil(long expiresAtMillis) {
    return new AccessRequest(
        requestId,
        product,
        role,
        warehouseRole,
        login,
        durationSeconds,
        reason,
        requestedBy,
        pendingSeconds,
        expiresAtMillis);
  }
}
