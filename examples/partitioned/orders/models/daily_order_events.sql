-- one day of events: the window comes from the run's partition
SELECT DISTINCT event_id, order_id, status, amount, CAST(event_ts AS timestamptz) AS event_ts
FROM {{ source() }}
WHERE CAST(event_ts AS timestamptz) >= {{ partition_start }}
  AND CAST(event_ts AS timestamptz) < {{ partition_end }}
