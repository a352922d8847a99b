package io.meshflow.orchestrator.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Access requests, the grants they made, and the audit log of who reads what. */
@RegisterConstructorMapper(AccessDao.Request.class)
@RegisterConstructorMapper(AccessDao.AuditEntry.class)
public interface AccessDao {
  /** One access request and where it stands. */
  record Request(
      String requestId,
      String workflowId,
      String productId,
      String role,
      String warehouseRole,
      String login,
      String reason,
      String requestedBy,
      long durationSeconds,
      String status,
      Instant requestedAt,
      String decidedBy,
      Instant decidedAt,
      String decisionNote,
      Instant grantedAt,
      Instant expiresAt,
      Instant endedAt,
      boolean alreadyMember) {}

  /** One line of the audit log. */
  record AuditEntry(
      long id,
      Instant at,
      String action,
      String productId,
      String role,
      String login,
      String actor,
      String requestId,
      String detail) {}

  String COLUMNS =
      "request_id, workflow_id, product_id, role, warehouse_role, login, reason, requested_by,"
          + " duration_seconds, status, requested_at, decided_by, decided_at, decision_note,"
          + " granted_at, expires_at, ended_at, already_member";

  /** Records a new request; false when the request id is known already (a retried activity). */
  @SqlUpdate(
      """
      INSERT INTO meshflow.access_requests (request_id, workflow_id, product_id, role,
          warehouse_role, login, reason, requested_by, duration_seconds, status, requested_at)
      VALUES (:id, :workflow, :product, :role, :warehouseRole, :login, :reason, :by, :seconds,
          'PENDING', :at)
      ON CONFLICT (request_id) DO NOTHING
      """)
  boolean insert(
      @Bind("id") String requestId,
      @Bind("workflow") String workflowId,
      @Bind("product") String productId,
      @Bind("role") String role,
      @Bind("warehouseRole") String warehouseRole,
      @Bind("login") String login,
      @Bind("reason") String reason,
      @Bind("by") String requestedBy,
      @Bind("seconds") long durationSeconds,
      @Bind("at") Instant at);

  @SqlQuery("SELECT " + COLUMNS + " FROM meshflow.access_requests WHERE request_id = :id")
  Optional<Request> find(@Bind("id") String requestId);

  /** The open (pending or active) request of a workflow id, if any. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM meshflow.access_requests WHERE workflow_id = :w AND status IN ('PENDING',"
          + " 'ACTIVE') ORDER BY requested_at DESC LIMIT 1")
  Optional<Request> open(@Bind("w") String workflowId);

  /** The latest request of a workflow id, whatever its state. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM meshflow.access_requests WHERE workflow_id = :w ORDER BY requested_at DESC"
          + " LIMIT 1")
  Optional<Request> latest(@Bind("w") String workflowId);

  /** Every pending or active request, oldest first: what the platform's workflows carry on. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM meshflow.access_requests WHERE status IN ('PENDING', 'ACTIVE') ORDER BY"
          + " requested_at, request_id")
  List<Request> allOpen();

  /** The requests of a product (all of them, or one's), newest first. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM meshflow.access_requests WHERE (CAST(:p AS text) IS NULL OR product_id = :p)"
          + " ORDER BY"
          + " requested_at DESC, request_id LIMIT :limit")
  List<Request> list(@Bind("p") String productId, @Bind("limit") int limit);

  /**
   * Moves a request from {@code from} to {@code to}; false when it was not in {@code from} (decided
   * already, or a retried activity).
   */
  @SqlUpdate(
      """
      UPDATE meshflow.access_requests SET status = :to,
          decided_by = COALESCE(:by, decided_by), decided_at = COALESCE(:decidedAt, decided_at),
          decision_note = COALESCE(:note, decision_note),
          granted_at = COALESCE(:grantedAt, granted_at), expires_at = COALESCE(:expiresAt, expires_at),
          ended_at = COALESCE(:endedAt, ended_at),
          already_member = already_member OR :alreadyMember
      WHERE request_id = :id AND status = :from
      """)
  boolean move(
      @Bind("id") String requestId,
      @Bind("from") String from,
      @Bind("to") String to,
      @Bind("by") String decidedBy,
      @Bind("decidedAt") Instant decidedAt,
      @Bind("note") String note,
      @Bind("grantedAt") Instant grantedAt,
      @Bind("expiresAt") Instant expiresAt,
      @Bind("endedAt") Instant endedAt,
      @Bind("alreadyMember") boolean alreadyMember);

  /**
   * Whether another active request still grants {@code login} the role (then ending one takes
   * nothing away).
   */
  @SqlQuery(
      "SELECT EXISTS (SELECT 1 FROM meshflow.access_requests WHERE login = :login AND"
          + " warehouse_role = :role AND status = 'ACTIVE' AND request_id <> :id)")
  boolean otherActive(
      @Bind("login") String login,
      @Bind("role") String warehouseRole,
      @Bind("id") String requestId);

  @SqlUpdate(
      """
      INSERT INTO meshflow.access_audit (at, action, product_id, role, login, actor, request_id, detail)
      VALUES (:at, :action, :product, :role, :login, :actor, :request, :detail)
      """)
  void audit(
      @Bind("at") Instant at,
      @Bind("action") String action,
      @Bind("product") String productId,
      @Bind("role") String role,
      @Bind("login") String login,
      @Bind("actor") String actor,
      @Bind("request") String requestId,
      @Bind("detail") String detail);

  /** The last {@code limit} lines of the audit log, oldest first; by product and login if given. */
  @SqlQuery(
      """
      SELECT * FROM (
        SELECT id, at, action, product_id, role, login, actor, request_id, detail
        FROM meshflow.access_audit
        WHERE (CAST(:p AS text) IS NULL OR product_id = :p)
          AND (CAST(:login AS text) IS NULL OR login = :login)
        ORDER BY id DESC LIMIT :limit) AS last ORDER BY id
      """)
  List<AuditEntry> audit(
      @Bind("p") String productId, @Bind("login") String login, @Bind("limit") int limit);
}
