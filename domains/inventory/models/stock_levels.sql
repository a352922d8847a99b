SELECT DISTINCT ON (sku, warehouse)
       sku, warehouse,
       CAST(quantity AS integer) AS quantity,
       CAST(reorder_point AS integer) AS reorder_point,
       CAST(quantity AS integer) <= CAST(reorder_point AS integer) AS needs_reorder,
       CAST(snapshot_ts AS timestamptz) AS counted_at
FROM {{ source() }}
ORDER BY sku, warehouse, CAST(snapshot_ts AS timestamptz) DESC
