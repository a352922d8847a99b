-- Each run's rows are the products the shop changed since the last publish (the source's cursor);
-- merged into the published table by the contract's primary key, sku.
{{ config(materialized='incremental') }}

SELECT sku, name, category, unit_price, active, updated_at
FROM {{ source('shop_db', 'products') }}
