-- The cron workflows Meshflow started for scheduled products, so they can be reconciled with the
-- contracts (created, replaced when the schedule or contract changes, removed when dropped).
CREATE TABLE schedules (
    product_id   text PRIMARY KEY REFERENCES products (product_id) ON DELETE CASCADE,
    workflow_id  text NOT NULL,
    cron         text NOT NULL,
    timezone     text NOT NULL,
    content_hash text NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
