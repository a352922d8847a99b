SELECT adjustment_id, sku, quantity_delta, reason
FROM {{ source() }}
