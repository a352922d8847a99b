-- The backfill, schedule or upstream run that started a run, when one did.
ALTER TABLE runs
    ADD COLUMN parent_workflow_id text,
    ADD COLUMN parent_run_id      text;

CREATE INDEX runs_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
