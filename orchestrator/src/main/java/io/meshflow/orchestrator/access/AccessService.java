package io.meshflow.orchestrator.access;

import io.meshflow.contracts.access.AccessPolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.parse.ContractValues;
import io.meshflow.orchestrator.catalog.AccessDao;
import io.meshflow.workers.sql.ProductAccess;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.access.AccessDecision;
import io.meshflow.workflows.access.AccessRequest;
import io.meshflow.workflows.access.AccessRequestWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Time-boxed access to products, as durable workflows: a request starts {@code
 * access/<product>/<login>/<role>}, the owner's decision is a signal, and the workflow's timer ends
 * the grant. The catalog holds every request's state and the audit log; this service checks what
 * people ask for before any workflow starts, and carries on, when a platform starts, the requests
 * an earlier one left open.
 */
public final class AccessService {
  /** How long a request waits for its owner's decision before it lapses. */
  static final Duration PENDING = Duration.ofDays(7);

  /** How long a command waits for the workflow to record a decision or an end. */
  private static final Duration SETTLE = Duration.ofSeconds(30);

  /** A request that does not exist. */
  public static final class NoSuchRequestException extends RuntimeException {
    public NoSuchRequestException(String message) {
      super(message);
    }
  }

  /** A request in a state that does not allow what was asked (decided already, open already). */
  public static final class AccessConflictException extends RuntimeException {
    AccessConflictException(String message) {
      super(message);
    }
  }

  private final WorkflowClient client;
  private final AccessDao access;
  private final Warehouse warehouse;
  private final Mesh mesh;
  private final AccessPolicies policies;
  private final Clock clock;

  /**
   * @param warehouse the warehouse as the platform's (administrative) role sees it
   * @param mesh the contracts that say which roles read which product
   */
  public AccessService(
      WorkflowClient client,
      AccessDao access,
      Warehouse warehouse,
      Mesh mesh,
      AccessPolicies policies,
      Clock clock) {
    this.client = client;
    this.access = access;
    this.warehouse = warehouse;
    this.mesh = mesh;
    this.policies = policies;
    this.clock = clock;
  }

  /**
   * Who reads a product: one row per role its contract grants and per login that holds it.
   *
   * @param relation what the role reads: the product's table, or its secured view
   * @param login a member of the role, or null when none is
   * @param until when a time-boxed grant ends; null for a membership given outside Meshflow
   */
  public record Reader(
      String role, String warehouseRole, String relation, String login, Instant until) {}

  /** Who can read {@code product}, through which role, until when. */
  public List<Reader> readers(String product) {
    DataProductContract contract = contract(product);
    boolean secured = !contract.access().policies().isEmpty();
    String relation =
        secured ? contract.id() + ProductAccess.SECURED_SUFFIX : contract.id().toString();
    Map<String, Instant> until = new HashMap<>();
    for (AccessDao.Request r : access.allOpen()) {
      if (r.status().equals("ACTIVE") && !r.alreadyMember()) {
        until.merge(
            r.login() + "/" + r.warehouseRole(), r.expiresAt(), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    List<Reader> readers = new ArrayList<>();
    for (String role : contract.access().roles()) {
      String warehouseRole = policies.warehouseRole(role).value();
      List<String> logins =
          warehouse
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              """
                              SELECT u.rolname FROM pg_auth_members m
                              JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                              WHERE g.rolname = :role ORDER BY u.rolname""")
                          .bind("role", warehouseRole)
                          .mapTo(String.class)
                          .list());
      if (logins.isEmpty()) readers.add(new Reader(role, warehouseRole, relation, null, null));
      for (String login : logins) {
        readers.add(
            new Reader(
                role, warehouseRole, relation, login, until.get(login + "/" + warehouseRole)));
      }
    }
    return readers;
  }

  /** The latest {@code limit} requests, of one product when given, newest first. */
  public List<AccessDao.Request> requests(String product, int limit) {
    return access.list(product, limit);
  }

  /** The last {@code limit} lines of the audit log, by product and login when given. */
  public List<AccessDao.AuditEntry> log(String product, String login, int limit) {
    return access.audit(product, login, limit);
  }

  /**
   * Asks that {@code login} read {@code product} as {@code role} for {@code duration}; the request
   * waits for the product owner's decision.
   */
  public AccessDao.Request request(
      String product, String role, String login, Duration duration, String reason, String by) {
    DataProductContract contract = contract(product);
    ConsumerLogins.login(login);
    if (!contract.access().roles().contains(role)) {
      throw new IllegalArgumentException(
          product
              + " grants no role '"
              + role
              + "'; its contract grants "
              + (contract.access().roles().isEmpty()
                  ? "none"
                  : String.join(", ", contract.access().roles())));
    }
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("a grant needs a positive duration, e.g. --for 30d");
    }
    String workflowId = AccessRequest.workflowId(product, login, role);
    Optional<AccessDao.Request> open = access.open(workflowId);
    if (open.isPresent()) {
      throw new AccessConflictException(
          login
              + " has a request for "
              + product
              + " as "
              + role
              + " already ("
              + describe(open.get())
              + ")");
    }
    AccessRequest request =
        new AccessRequest(
            UUID.randomUUID().toString(),
            product,
            role,
            policies.warehouseRole(role).value(),
            login,
            duration.toSeconds(),
            reason,
            by,
            PENDING.toSeconds(),
            0);
    Instant now = clock.instant();
    access.insert(
        request.requestId(),
        workflowId,
        product,
        role,
        request.warehouseRole(),
        login,
        reason,
        by,
        request.durationSeconds(),
        now);
    access.audit(
        now,
        "requested",
        product,
        role,
        login,
        by,
        request.requestId(),
        "for " + ContractValues.durationText(duration) + (reason == null ? "" : ": " + reason));
    start(request);
    return access.find(request.requestId()).orElseThrow();
  }

  /** The owner approves or denies the pending request of {@code login} for {@code role}. */
  public AccessDao.Request decide(
      String product, String login, String role, boolean approve, String by, String note) {
    String workflowId = AccessRequest.workflowId(product, login, role);
    AccessDao.Request pending = pending(product, login, role, workflowId);
    stub(pending).decide(new AccessDecision(approve, by, note));
    return settled(pending.requestId(), "PENDING");
  }

  /**
   * Ends the active grant (or withdraws the pending request) of {@code login} for {@code role}
   * early; empty when there is nothing to end.
   */
  public Optional<AccessDao.Request> revoke(
      String product, String login, String role, String by, String note) {
    ConsumerLogins.login(login);
    Optional<AccessDao.Request> open = access.open(AccessRequest.workflowId(product, login, role));
    if (open.isEmpty()) return Optional.empty();
    ensureRunning(open.get());
    stub(open.get()).revoke(new AccessDecision(false, by, note));
    return Optional.of(settled(open.get().requestId(), open.get().status()));
  }

  /**
   * Starts again the workflows of the requests the catalog holds open, which an earlier platform
   * (an embedded stack's in-memory Temporal) left behind: a grant that expired meanwhile ends at
   * once.
   *
   * @return how many had to be started
   */
  public static int resume(WorkflowClient client, AccessDao access, Clock clock) {
    return new AccessService(client, access, null, null, AccessPolicies.none(), clock).resumeOpen();
  }

  private int resumeOpen() {
    int started = 0;
    for (AccessDao.Request r : access.allOpen()) {
      if (ensureRunning(r)) started++;
    }
    return started;
  }

  private AccessDao.Request pending(String product, String login, String role, String workflowId) {
    ConsumerLogins.login(login);
    Optional<AccessDao.Request> open = access.open(workflowId);
    if (open.isPresent() && open.get().status().equals("PENDING")) {
      ensureRunning(open.get());
      return open.get();
    }
    Optional<AccessDao.Request> latest = open.isPresent() ? open : access.latest(workflowId);
    if (latest.isEmpty()) {
      throw new NoSuchRequestException(
          "no access request of " + login + " for " + product + " as " + role);
    }
    throw new AccessConflictException(
        "the request of "
            + login
            + " for "
            + product
            + " as "
            + role
            + " is decided already ("
            + describe(latest.get())
            + ")");
  }

  /** Starts the request's workflow unless it runs; true when it had to be started. */
  private boolean ensureRunning(AccessDao.Request r) {
    AccessRequest request =
        new AccessRequest(
            r.requestId(),
            r.productId(),
            r.role(),
            r.warehouseRole(),
            r.login(),
            r.durationSeconds(),
            r.reason(),
            r.requestedBy(),
            Math.max(
                1,
                PENDING.toSeconds()
                    - Duration.between(r.requestedAt(), clock.instant()).toSeconds()),
            r.status().equals("ACTIVE") ? r.expiresAt().toEpochMilli() : 0);
    try {
      start(request);
      return true;
    } catch (WorkflowExecutionAlreadyStarted running) {
      return false;
    }
  }

  private void start(AccessRequest request) {
    AccessRequestWorkflow workflow =
        client.newWorkflowStub(
            AccessRequestWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(request.workflowId())
                .setTaskQueue(TaskQueues.PLATFORM)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setStaticSummary(
                    request.login()
                        + " asks to read "
                        + request.product()
                        + " as "
                        + request.role()
                        + " for "
                        + Duration.ofSeconds(request.durationSeconds()))
                .build());
    WorkflowClient.start(workflow::run, request);
  }

  private AccessRequestWorkflow stub(AccessDao.Request r) {
    return client.newWorkflowStub(AccessRequestWorkflow.class, r.workflowId());
  }

  /** Waits until the request has left {@code from}, as the workflow records it. */
  private AccessDao.Request settled(String requestId, String from) {
    Instant deadline = Instant.now().plus(SETTLE);
    while (true) {
      AccessDao.Request r = access.find(requestId).orElseThrow();
      if (!r.status().equals(from) || Instant.now().isAfter(deadline)) return r;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return r;
      }
    }
  }

  private DataProductContract contract(String product) {
    ProductId id;
    try {
      id = ProductId.parse(product);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    return mesh.product(id)
        .orElseThrow(
            () ->
                new NoSuchRequestException(
                    "no product '" + product + "' in the mesh in " + mesh.root()));
  }

  /** A request's state in words, e.g. {@code approved by lee, until 2026-12-31T00:00:00Z}. */
  public static String describe(AccessDao.Request r) {
    return switch (r.status()) {
      case "PENDING" -> "pending since " + r.requestedAt();
      case "ACTIVE" -> "approved by " + r.decidedBy() + ", until " + r.expiresAt();
      case "DENIED" -> "denied by " + r.decidedBy() + " at " + r.decidedAt();
      case "LAPSED" -> "lapsed undecided at " + r.endedAt();
      case "EXPIRED" -> "expired at " + r.endedAt();
      default -> "revoked at " + r.endedAt();
    };
  }
}
