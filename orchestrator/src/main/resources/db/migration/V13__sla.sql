-- The SLA monitors the platform runs, one per product with an SLA, and the breaches they saw, as
-- intervals (a report over any window is exact to the millisecond).
CREATE TABLE meshflow.sla_monitors (
    product_id           text PRIMARY KEY,
    workflow_id          text NOT NULL,
    freshness_seconds    bigint,
    availability_percent double precision,
    probe_seconds        bigint,
    relation             text NOT NULL,
    monitored_since      timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE meshflow.sla_breaches (
    breach_id    text PRIMARY KEY,
    product_id   text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('freshness', 'availability')),
    started_at   timestamptz NOT NULL,
    ended_at     timestamptz,
    cause        text,
    ended_by_run text,
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX sla_breaches_product ON meshflow.sla_breaches (product_id, started_at);

-- Where each product's alerts go (from its domain's alerts.yaml; a url may name an environment variable, resolved
-- where the platform delivers), and which webhook took which alert: each alert goes out once.
CREATE TABLE meshflow.sla_webhooks (
    product_id text NOT NULL,
    name       text NOT NULL,
    url        text NOT NULL,
    format     text NOT NULL CHECK (format IN ('json', 'slack')),
    PRIMARY KEY (product_id, name)
);

CREATE TABLE meshflow.sla_deliveries (
    alert_id     text NOT NULL,
    webhook      text NOT NULL,
    delivered_at timestamptz NOT NULL,
    status       integer NOT NULL,
    PRIMARY KEY (alert_id, webhook)
);
