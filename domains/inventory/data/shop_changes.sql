-- Changes the shop application might make between two runs of inventory.products: two prices
-- change, one product is retired and two new ones are listed. Apply them with
--   ./meshflow connect --database shop --file domains/inventory/data/shop_changes.sql
-- and the next `./meshflow publish inventory.products` reads exactly these five rows.
UPDATE public.products SET unit_price = unit_price + 1.00, updated_at = now()
 WHERE sku IN ('SKU-00003', 'SKU-00007');
UPDATE public.products SET active = false, updated_at = now() WHERE sku = 'SKU-00010';
INSERT INTO public.products (sku, name, category, unit_price, active, updated_at) VALUES
  ('SKU-00061', 'Eco Teapot', 'kitchen', 18.50, true, now()),
  ('SKU-00062', 'Pro Trowel', 'garden', 12.90, true, now());
