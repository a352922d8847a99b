-- one day of totals, read from the same day of the upstream product
SELECT date_trunc('day', event_ts) AS order_day, status, count(*) AS events, sum(amount) AS amount
FROM {{ ref('orders.daily_order_events') }}
WHERE event_ts >= {{ partition_start }}
  AND event_ts < {{ partition_end }}
GROUP BY 1, 2
