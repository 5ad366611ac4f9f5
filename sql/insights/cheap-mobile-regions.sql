-- What regions has the cheap_mobile datasource appeared in?
-- $1: the datasource name ('cheap_mobile').
SELECT r.name AS region, rd.trips
FROM store.region_datasources rd
JOIN regions r ON r.id = rd.region_id
JOIN datasources d ON d.id = rd.datasource_id
WHERE d.name = $1 AND rd.trips > 0
ORDER BY r.name;
