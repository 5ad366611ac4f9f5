// The trips table's partition layout (STORE_LAYOUT): 'region-week' partitions by region then
// ISO week; 'week' by ISO week only, every region in one partition, the one level Citus can
// distribute by region_id (sql/citus/README.md). Recorded in store_settings at the first start
// and fixed afterwards: partitions made in one layout cannot be read in the other.
import pg from 'pg';

export const STORE_LAYOUTS = ['region-week', 'week'] as const;
export type StoreLayout = (typeof STORE_LAYOUTS)[number];

/** Records `wanted` unless the store has a layout already; returns the store's layout. */
export async function applyStoreLayout(url: string, wanted: StoreLayout): Promise<StoreLayout> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: [{ layout }] } = await client.query<{ layout: StoreLayout }>('SELECT store.set_trip_layout($1) AS layout', [wanted]);
    return layout;
  } finally {
    await client.end();
  }
}

/** The store's layout ('region-week' while none is recorded). */
export async function readStoreLayout(db: pg.Pool | pg.PoolClient | pg.Client): Promise<StoreLayout> {
  const { rows: [{ layout }] } = await db.query<{ layout: StoreLayout }>('SELECT store.trip_layout() AS layout');
  return layout;
}

/**
 * The table of a region's trips of one ISO week (Monday, YYYY-MM-DD) in schema store: what
 * store.trip_partition_name returns (the migration 20261202100000_store_layout; a test keeps the
 * two equal), made here so a read naming hundreds of partitions calls no SQL function per name.
 */
export function tripPartitionName(layout: StoreLayout, regionId: number, week: string): string {
  const day = week.replaceAll('-', '');
  return layout === 'week' ? `trips_w${day}` : `trips_r${regionId}_w${day}`;
}
