-- A product whose contract says schedule: { on: freshness } has its runs started by its SLA monitor.
ALTER TABLE meshflow.sla_monitors ADD COLUMN runs_on_freshness boolean NOT NULL DEFAULT false;
