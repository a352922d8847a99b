-- What a run read of a Kafka topic (its offsets), or that the topic had nothing new since the last
-- publish, in which case the run succeeded without publishing a new version.
ALTER TABLE runs ADD COLUMN note text;
