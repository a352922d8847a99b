SELECT visit_id, customer_id, CAST(visited_at AS timestamptz) AS visited_at
FROM {{ source() }}
WHERE CAST(visited_at AS timestamptz) >= {{ partition_start }}
  AND CAST(visited_at AS timestamptz) < {{ partition_end }}
