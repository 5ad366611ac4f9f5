// Region and datasource names -> small integer ids. New names are inserted on a separate
// connection (committed at once) so ids are stable while the ingestion transaction runs; a
// name left behind by a rolled-back ingestion owns no trips and is harmless.
import type pg from 'pg';
import { withTransaction } from '../db/pool';
import { regionKey } from './trip-names';

type Table = 'regions' | 'datasources';

export class NameIds {
  private ids = new Map<string, number>();
  /** Regions match by regionKey ("prague" is Prague); datasources match exactly. */
  constructor(private readonly pool: pg.Pool, private readonly table: Table) {}

  private key(name: string): string {
    return this.table === 'regions' ? regionKey(name) : name;
  }

  get(name: string): number | undefined {
    return this.ids.get(this.key(name));
  }

  /** Makes sure every name has an id. */
  async resolve(names: Iterable<string>): Promise<void> {
    const missing = [...new Set([...names].filter((n) => !this.ids.has(this.key(n))))];
    if (!missing.length) return;
    const found = await withTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`names:${this.table}`]);
      const found = await this.lookup(client, missing);
      const absent = missing.filter((n) => !found.has(this.key(n)));
      if (absent.length) {
        // "table" is one of two fixed identifiers, never input.
        await client.query(`INSERT INTO ${this.table} (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`, [
          dedupe(absent, (n) => this.key(n)),
        ]);
        for (const [k, v] of await this.lookup(client, absent)) found.set(k, v);
      }
      return found;
    });
    for (const [k, v] of found) this.ids.set(k, v);
    // Every name has an id now, or the load stops here with the name (not later, on an id-less row).
    const lost = missing.find((n) => !this.ids.has(this.key(n)));
    if (lost !== undefined) throw new Error(`could not store the ${this.table === 'regions' ? 'region' : 'datasource'} name "${lost}"`);
  }

  private async lookup(client: pg.PoolClient, names: string[]): Promise<Map<string, number>> {
    const keys = new Set(names.map((n) => this.key(n)));
    // Regions are few (ids are int2) and folded here, so all are read and matched by key.
    const { rows } = this.table === 'regions'
      ? await client.query<{ id: number; name: string }>('SELECT id, name FROM regions ORDER BY id')
      : await client.query<{ id: number; name: string }>('SELECT id, name FROM datasources WHERE name = ANY($1::text[])', [[...keys]]);
    const out = new Map<string, number>();
    for (const r of rows) {
      const key = this.key(r.name);
      if (keys.has(key) && !out.has(key)) out.set(key, r.id);
    }
    return out;
  }
}

function dedupe(names: string[], key: (n: string) => string): string[] {
  const seen = new Set<string>();
  return names.filter((n) => (seen.has(key(n)) ? false : (seen.add(key(n)), true)));
}

/**
 * The regions (as regionKey) and datasources holding trips: what counts against MAX_REGIONS and
 * MAX_DATASOURCES (a name left by a rolled-back or deleted ingestion holds none).
 */
export async function storedNames(db: pg.Pool): Promise<{ regions: string[]; datasources: string[] }> {
  const [regions, datasources] = await Promise.all([
    db.query<{ name: string }>('SELECT r.name FROM regions r WHERE EXISTS (SELECT 1 FROM store.region_weeks w WHERE w.region_id = r.id AND w.trips > 0)'),
    db.query<{ name: string }>('SELECT d.name FROM datasources d WHERE EXISTS (SELECT 1 FROM store.region_datasources x WHERE x.datasource_id = d.id AND x.trips > 0)'),
  ]);
  return { regions: [...new Set(regions.rows.map((r) => regionKey(r.name)))], datasources: datasources.rows.map((d) => d.name) };
}
