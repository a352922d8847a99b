-- Freshness facts of every run: the newest ingestion time of the rows it read (a Kafka record's
-- timestamp, or when the extract read a file or table) and the newest event time it published
-- (the contract's sla.freshness_column, else its partition column).
ALTER TABLE runs ADD COLUMN newest_ingestion_at timestamptz;
ALTER TABLE runs ADD COLUMN newest_event_at timestamptz;
