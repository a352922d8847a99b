package io.meshflow.orchestrator.api;

import io.meshflow.contracts.parse.ContractValues;
import io.meshflow.orchestrator.access.AccessService;
import io.meshflow.orchestrator.access.ConsumerQuery;
import io.meshflow.orchestrator.catalog.AccessDao;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Consumers' access: who reads a product, time-boxed requests and their decisions, the audit log,
 * and queries run as a consumer's own login. Everything but the product's readers needs {@code
 * access:admin}.
 */
@RestController
@RequestMapping("/api/v1")
public class AccessController {
  private final AccessService access;
  private final ConsumerQuery query;

  public AccessController(AccessService access, ConsumerQuery consumerQuery) {
    this.access = access;
    this.query = consumerQuery;
  }

  /**
   * A request for access.
   *
   * @param duration how long the grant lasts once approved, e.g. {@code 30d}
   * @param requestedBy who asks, for the audit log (default: the login)
   */
  public record NewRequest(
      String product,
      String role,
      String user,
      String duration,
      String reason,
      String requestedBy) {}

  /** A decision or a revocation, and who made it. */
  public record Decision(String by, String note) {}

  /**
   * One read-only query.
   *
   * @param as the login it runs as
   * @param limit at most this many rows (default 1000)
   * @param timeout the statement timeout, e.g. {@code 30s} (the default)
   */
  public record Query(String sql, String as, Integer limit, String timeout) {}

  @GetMapping("/products/{product}/access")
  public List<AccessService.Reader> readers(@PathVariable String product) {
    return access.readers(product);
  }

  @PostMapping("/access/requests")
  @ResponseStatus(HttpStatus.CREATED)
  public AccessDao.Request request(@RequestBody NewRequest r) {
    if (r.product() == null || r.role() == null || r.user() == null || r.duration() == null) {
      throw new IllegalArgumentException(
          "product, role, user and duration are required, e.g. {\"product\":"
              + " \"orders.order_events\", \"role\": \"analyst\", \"user\": \"alice\","
              + " \"duration\": \"30d\"}");
    }
    Duration d = ContractValues.duration(r.duration());
    return access.request(
        r.product(),
        r.role(),
        r.user(),
        d,
        r.reason(),
        r.requestedBy() == null ? r.user() : r.requestedBy());
  }

  @GetMapping("/access/requests")
  public List<AccessDao.Request> requests(
      @RequestParam(required = false) String product,
      @RequestParam(defaultValue = "100") int limit) {
    return access.requests(product, limit);
  }

  @PostMapping("/access/requests/{product}/{user}/{role}/approve")
  public AccessDao.Request approve(
      @PathVariable String product,
      @PathVariable String user,
      @PathVariable String role,
      @RequestBody(required = false) Decision d) {
    return access.decide(product, user, role, true, by(d), d == null ? null : d.note());
  }

  @PostMapping("/access/requests/{product}/{user}/{role}/deny")
  public AccessDao.Request deny(
      @PathVariable String product,
      @PathVariable String user,
      @PathVariable String role,
      @RequestBody(required = false) Decision d) {
    return access.decide(product, user, role, false, by(d), d == null ? null : d.note());
  }

  @PostMapping("/access/requests/{product}/{user}/{role}/revoke")
  public AccessDao.Request revoke(
      @PathVariable String product,
      @PathVariable String user,
      @PathVariable String role,
      @RequestBody(required = false) Decision d) {
    return access
        .revoke(product, user, role, by(d), d == null ? null : d.note())
        .orElseThrow(
            () ->
                new AccessService.NoSuchRequestException(
                    user
                        + " holds no grant from Meshflow to read "
                        + product
                        + " as "
                        + role
                        + ": nothing to revoke"));
  }

  @GetMapping("/access/log")
  public List<AccessDao.AuditEntry> log(
      @RequestParam(required = false) String product,
      @RequestParam(required = false) String user,
      @RequestParam(defaultValue = "100") int limit) {
    return access.log(product, user, limit);
  }

  @PostMapping("/query")
  public ConsumerQuery.Result query(@RequestBody Query q) {
    if (q.sql() == null || q.as() == null) {
      throw new IllegalArgumentException(
          "sql and as are required, e.g. {\"sql\": \"SELECT 1\", \"as\": \"alice\"}");
    }
    return query.run(
        q.as(),
        q.sql(),
        q.limit() == null ? 1000 : q.limit(),
        ContractValues.duration(q.timeout() == null ? "30s" : q.timeout()));
  }

  private static String by(Decision d) {
    if (d == null || d.by() == null || d.by().isBlank()) {
      throw new IllegalArgumentException("say who decides: {\"by\": \"lee\"}");
    }
    return d.by();
  }
}
