-- Time-boxed access to products, requested, decided and granted by durable workflows; and the
-- audit log of everything that changed who reads what.
CREATE TABLE meshflow.access_requests (
    request_id       text PRIMARY KEY,
    workflow_id      text NOT NULL,
    product_id       text NOT NULL,
    role             text NOT NULL,
    warehouse_role   text NOT NULL,
    login            text NOT NULL,
    reason           text,
    requested_by     text,
    duration_seconds bigint NOT NULL CHECK (duration_seconds > 0),
    status           text NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'DENIED', 'LAPSED', 'EXPIRED', 'REVOKED')),
    requested_at     timestamptz NOT NULL,
    decided_by       text,
    decided_at       timestamptz,
    decision_note    text,
    granted_at       timestamptz,
    expires_at       timestamptz,
    ended_at         timestamptz,
    -- the login held the role before this grant: ending it takes nothing away
    already_member   boolean NOT NULL DEFAULT false
);
CREATE INDEX access_requests_open ON meshflow.access_requests (status) WHERE status IN ('PENDING', 'ACTIVE');
CREATE INDEX access_requests_product ON meshflow.access_requests (product_id, requested_at);

CREATE TABLE meshflow.access_audit (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL,
    action      text NOT NULL,
    product_id  text,
    role        text,
    login       text,
    actor       text,
    request_id  text,
    detail      text
);
CREATE INDEX access_audit_product ON meshflow.access_audit (product_id, id);
