SELECT article_id, CAST(units AS integer) AS units
FROM {{ source() }}
