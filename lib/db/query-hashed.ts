// Aggregates over unnested arrays: the planner expects ~10 elements per array where there are
// hundreds, so it sorts a few hundred thousand rows to group them (spilling to disk) when
// hashing them would cost less (~20% of a city-sized box's tile read, measured on 10M rows).
import type pg from 'pg';
import { withTransaction } from './pool';

/** One statement planned without sorts where another plan exists (SET LOCAL, a transaction of its own). */
export function queryHashed<R extends pg.QueryResultRow>(db: pg.Pool, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
  return withTransaction(db, async (client: pg.PoolClient) => {
    await client.query('SET LOCAL enable_sort = off');
    return client.query<R>(text, values);
  });
}
