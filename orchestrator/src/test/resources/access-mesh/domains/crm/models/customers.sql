SELECT customer_id, email, phone, region, CAST(lifetime_value AS numeric) AS lifetime_value
FROM {{ source() }}
