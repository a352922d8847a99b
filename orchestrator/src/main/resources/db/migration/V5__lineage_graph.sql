-- The lineage graph: which job reads (IN) or writes (OUT) which dataset, from every run's events,
-- Meshflow's own and those other tools post to /api/v1/lineage. Products carry their tags for search.
CREATE TABLE lineage_edges (
    job_namespace     text NOT NULL,
    job_name          text NOT NULL,
    direction         text NOT NULL CHECK (direction IN ('IN', 'OUT')),
    dataset_namespace text NOT NULL,
    dataset_name      text NOT NULL,
    last_seen         timestamptz NOT NULL,
    PRIMARY KEY (job_namespace, job_name, direction, dataset_namespace, dataset_name)
);
CREATE INDEX lineage_edges_by_dataset ON lineage_edges (dataset_namespace, dataset_name);

-- column lineage: an output column and the input columns it is derived from
CREATE TABLE column_lineage (
    dataset_namespace       text NOT NULL,
    dataset_name            text NOT NULL,
    column_name             text NOT NULL,
    input_dataset_namespace text NOT NULL,
    input_dataset_name      text NOT NULL,
    input_column_name       text NOT NULL,
    PRIMARY KEY (dataset_namespace, dataset_name, column_name, input_dataset_namespace, input_dataset_name, input_column_name)
);

ALTER TABLE products ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
ALTER TABLE lineage_events DROP CONSTRAINT lineage_events_run_id_event_type_job_name_key;
ALTER TABLE lineage_events ADD CONSTRAINT lineage_events_once UNIQUE (run_id, event_type, job_name, event_time);
