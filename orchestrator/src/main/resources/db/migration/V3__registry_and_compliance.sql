-- A registered version keeps its SQL model too, so a later version can be diffed against it;
-- compliance is each governance rule's verdict on each registered version.
ALTER TABLE contract_versions ADD COLUMN model_sql text NOT NULL DEFAULT '';

CREATE TABLE compliance (
    product_id  text NOT NULL,
    version     text NOT NULL,
    rule_id     text NOT NULL,
    severity    text NOT NULL,
    passed      boolean NOT NULL,
    description text NOT NULL,
    violations  jsonb NOT NULL DEFAULT '[]',
    checked_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (product_id, version, rule_id),
    FOREIGN KEY (product_id, version) REFERENCES contract_versions (product_id, version) ON DELETE CASCADE
);
