-- domains/orders/models/order_events.sql
{{ config(materialized='table', meta={
  "product": "order_events",
  "version": "2.1.0",
  "sla_freshness": "15m",
  "pii_fields": ["customer_id"]
}) }}

WITH raw AS (
  SELECT 
    order_id,
    customer_id,
    event_ts AT TIME ZONE 'UTC' AS event_ts,
    status,
    amount
  FROM {{ source('raw_kafka', 'order_events') }}
  WHERE _ingestion_ts >= NOW() - INTERVAL '15 minutes'
)

SELECT 
  order_id::VARCHAR AS order_id,
  MD5(customer_id)::VARCHAR AS customer_id,
  event_ts::TIMESTAMP AS event_ts,
  status::VARCHAR AS status,
  amount::DECIMAL(10,2) AS amount
FROM raw
QUALIFY ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY event_ts DESC) = 1
