-- Brute-force twin of insights/latest-datasource-top-regions.sql, straight from raw trips
-- (used by the tests to check the aggregate version; slow on big stores).
WITH top_regions AS (
  SELECT t.region_id, r.name, count(*) AS trips
  FROM store.trips t JOIN regions r ON r.id = t.region_id
  GROUP BY t.region_id, r.name
  ORDER BY trips DESC, r.name
  LIMIT 2
),
ranked AS (
  SELECT tr.name AS region, d.name AS datasource, t.started_at AS at,
         row_number() OVER (PARTITION BY t.region_id ORDER BY t.started_at DESC, d.name) AS rank_in_region
  FROM store.trips t
  JOIN top_regions tr ON tr.region_id = t.region_id
  JOIN datasources d ON d.id = t.datasource_id
)
SELECT region, datasource, at::text AS at, (SELECT trips FROM top_regions WHERE name = region) AS region_trips
FROM ranked
WHERE rank_in_region = 1
ORDER BY at DESC, region;
