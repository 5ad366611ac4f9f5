-- From the two most commonly appearing regions, which is the latest datasource?
-- The datasource of the latest trip among the two regions with most trips, and per region.
-- Answered from store.region_datasources (per region, ISO week and datasource: trips, first and last trip).
WITH totals AS (
  SELECT region_id, sum(trips) AS trips
  FROM store.region_datasources
  GROUP BY region_id
),
top_regions AS (
  SELECT t.region_id, r.name, t.trips
  FROM totals t JOIN regions r ON r.id = t.region_id
  ORDER BY t.trips DESC, r.name
  LIMIT 2
),
per_datasource AS (
  SELECT tr.region_id, tr.name AS region, rd.datasource_id, max(rd.last_at) AS at
  FROM top_regions tr
  JOIN store.region_datasources rd ON rd.region_id = tr.region_id
  GROUP BY tr.region_id, tr.name, rd.datasource_id
),
latest AS (
  SELECT p.region, d.name AS datasource, p.at,
         row_number() OVER (PARTITION BY p.region_id ORDER BY p.at DESC, d.name) AS rank_in_region
  FROM per_datasource p
  JOIN datasources d ON d.id = p.datasource_id
)
SELECT region, datasource, at::text AS at, (SELECT trips FROM top_regions WHERE name = region) AS region_trips
FROM latest
WHERE rank_in_region = 1
ORDER BY at DESC, region;
