-- Raw events arrive several times per order (and sometimes twice as the same event):
-- keep the latest distinct event of each order.
WITH events AS (
    SELECT DISTINCT event_id, order_id, customer_id, status, amount, currency,
           CAST(event_ts AS timestamptz) AS event_ts
    FROM {{ source() }}
),
ranked AS (
    SELECT events.*,
           row_number() OVER (PARTITION BY order_id ORDER BY event_ts DESC, event_id DESC) AS position,
           min(event_ts) OVER (PARTITION BY order_id) AS ordered_at,
           count(*) OVER (PARTITION BY order_id) AS event_count
    FROM events
)
SELECT order_id, customer_id, status, amount, currency, ordered_at,
       event_ts AS updated_at, event_count
FROM ranked
WHERE position = 1
