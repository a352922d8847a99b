-- Meshflow's catalog and run store.

CREATE TABLE products (
    product_id        text PRIMARY KEY,
    domain            text NOT NULL,
    name              text NOT NULL,
    description       text,
    owner             text NOT NULL,
    latest_version    text NOT NULL,
    published_version text,
    published_run_id  text,
    published_rows    bigint,
    published_at      timestamptz,
    registered_at     timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contract_versions (
    product_id    text NOT NULL REFERENCES products (product_id) ON DELETE CASCADE,
    version       text NOT NULL,
    contract_hash text NOT NULL,
    contract_yaml text NOT NULL,
    schema_fields jsonb NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (product_id, version)
);

CREATE TABLE runs (
    run_id          text PRIMARY KEY,
    workflow_id     text NOT NULL,
    product_id      text NOT NULL REFERENCES products (product_id) ON DELETE CASCADE,
    version         text NOT NULL,
    partition_key   text NOT NULL,
    trigger         text NOT NULL,
    status          text NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    rows_in         bigint,
    rows_out        bigint,
    published_table text,
    error           text
);
CREATE INDEX runs_by_start ON runs (started_at DESC);
CREATE INDEX runs_by_product ON runs (product_id, started_at DESC);

CREATE TABLE run_steps (
    run_id      text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    position    integer NOT NULL,
    step        text NOT NULL,
    state       text NOT NULL,
    started_at  timestamptz,
    duration_ms bigint NOT NULL,
    row_count   bigint,
    error       text,
    PRIMARY KEY (run_id, position)
);

CREATE TABLE check_results (
    run_id             text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    position           integer NOT NULL,
    check_name         text NOT NULL,
    assertion          text NOT NULL,
    column_name        text,
    severity           text NOT NULL,
    success            boolean NOT NULL,
    observed           text NOT NULL,
    expected           text NOT NULL,
    element_count      bigint NOT NULL,
    unexpected_count   bigint NOT NULL,
    unexpected_percent double precision NOT NULL,
    threshold          double precision NOT NULL,
    PRIMARY KEY (run_id, position)
);
