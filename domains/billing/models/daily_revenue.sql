SELECT CAST(ordered_at AT TIME ZONE 'UTC' AS date) AS revenue_date,
       currency,
       count(*) AS orders,
       sum(amount) AS revenue
FROM {{ ref('orders.order_events') }}
WHERE status IN ('paid', 'shipped', 'delivered')
GROUP BY 1, 2
