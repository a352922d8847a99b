-- A check that could not run (a pattern PostgreSQL refuses, a value that does not cast) is
-- recorded with PostgreSQL's message; it failed, and stopped the run only at severity error.
ALTER TABLE check_results ADD COLUMN error text;
-- What an aggregate, row-count, freshness or sql check measured, as Great Expectations' observed_value.
ALTER TABLE check_results ADD COLUMN observed_value text;
