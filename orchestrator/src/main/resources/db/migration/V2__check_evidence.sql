-- Checks that do not go row by row (aggregates, schema, sql) have no counts;
-- failed row-level checks keep example failing rows (PII masked) as a JSON array.
ALTER TABLE check_results ALTER COLUMN element_count DROP NOT NULL;
ALTER TABLE check_results ALTER COLUMN unexpected_count DROP NOT NULL;
ALTER TABLE check_results ALTER COLUMN unexpected_percent DROP NOT NULL;
ALTER TABLE check_results ALTER COLUMN threshold DROP NOT NULL;
ALTER TABLE check_results ADD COLUMN failing_rows jsonb NOT NULL DEFAULT '[]';
CREATE INDEX check_results_by_name ON check_results (check_name);
