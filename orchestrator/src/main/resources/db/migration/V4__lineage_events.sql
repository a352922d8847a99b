-- Meshflow's own OpenLineage backend: every event of every run, as emitted (the "catalog"
-- transport), and the outbox from which other transports are served.
CREATE TABLE lineage_events (
    id          bigserial PRIMARY KEY,
    run_id      text NOT NULL,
    event_type  text NOT NULL CHECK (event_type IN ('START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER')),
    event_time  timestamptz NOT NULL,
    job_name    text NOT NULL,
    event       jsonb NOT NULL,
    producer    text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (run_id, event_type, job_name)
);
CREATE INDEX lineage_events_by_job ON lineage_events (job_name, event_time DESC);
