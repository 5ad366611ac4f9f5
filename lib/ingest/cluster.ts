// After a load: rewrite the partitions it touched in map order (store.cluster_trip_partition),
// one short transaction each, so box edge strips read few blocks. Only speed depends on it:
// answers are exact either way.
import type pg from 'pg';

export interface PartitionKey {
  regionId: number;
  week: string;
}

export async function clusterPartitions(
  pool: pg.Pool,
  keys: PartitionKey[],
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const sorted = [...keys].sort((a, b) => a.regionId - b.regionId || (a.week < b.week ? -1 : 1));
  for (let i = 0; i < sorted.length; i++) {
    await pool.query('SELECT store.cluster_trip_partition($1::int2, $2::date)', [sorted[i].regionId, sorted[i].week]);
    onProgress?.(i + 1, sorted.length);
  }
}
