-- What regions has the cheap_mobile datasource appeared in?
-- $1: the datasource name ('cheap_mobile'). store.region_datasources holds one row per region,
-- ISO week and datasource.
SELECT r.name AS region, sum(rd.trips) AS trips
FROM store.region_datasources rd
JOIN regions r ON r.id = rd.region_id
JOIN datasources d ON d.id = rd.datasource_id
WHERE d.name = $1
GROUP BY r.name
HAVING sum(rd.trips) > 0
ORDER BY r.name;
