-- Brute-force twin of insights/cheap-mobile-regions.sql, straight from raw trips.
SELECT r.name AS region, count(*) AS trips
FROM store.trips t
JOIN regions r ON r.id = t.region_id
JOIN datasources d ON d.id = t.datasource_id
WHERE d.name = $1
GROUP BY r.name
ORDER BY r.name;
