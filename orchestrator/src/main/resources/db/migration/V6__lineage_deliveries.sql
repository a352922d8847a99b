-- Delivery of each lineage event to each configured transport other than the catalog itself:
-- the outbox the dispatcher works from, retrying with backoff until a transport takes the event.
CREATE TABLE lineage_deliveries (
    event_id        bigint NOT NULL REFERENCES lineage_events (id) ON DELETE CASCADE,
    transport       text NOT NULL,
    delivered_at    timestamptz,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, transport)
);
CREATE INDEX lineage_deliveries_due ON lineage_deliveries (next_attempt_at) WHERE delivered_at IS NULL;
