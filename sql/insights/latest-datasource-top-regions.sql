-- From the two most commonly appearing regions, which is the latest datasource?
-- The datasource of the latest trip among the two regions with most trips, and per region.
-- Answered from store.region_datasources (per region and datasource: trips, first and last trip).
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
latest AS (
  SELECT tr.name AS region, d.name AS datasource, rd.last_at AS at,
         row_number() OVER (PARTITION BY tr.region_id ORDER BY rd.last_at DESC, d.name) AS rank_in_region
  FROM top_regions tr
  JOIN store.region_datasources rd ON rd.region_id = tr.region_id
  JOIN datasources d ON d.id = rd.datasource_id
)
SELECT region, datasource, at::text AS at, (SELECT trips FROM top_regions WHERE name = region) AS region_trips
FROM latest
WHERE rank_in_region = 1
ORDER BY at DESC, region;
