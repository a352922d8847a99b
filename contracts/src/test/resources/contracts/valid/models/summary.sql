SELECT count(*) AS orders FROM {{ ref('orders.events') }}
