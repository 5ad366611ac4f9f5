// The main-thread half of ingestion: takes the reader's columns, gives names their ids, adds
// every row to the aggregates and to binary COPY batches, and keeps one COPY running in
// PostgreSQL while the next batch fills. Batches are big (millions of rows): each writes one
// run sorted in map order to every partition it touches, and rows arrive in any time order, so
// big batches mean few, long runs per partition - ordered enough for the BRIN index without
// rewriting the partition afterwards (CLUSTER writes the data a second time).
import type pg from 'pg';
import { hilbert } from '../geo/cells';
import { cellMaskOf, tileGridOf } from '../geo/tile-key';
import { dayToIsoDate, weekStartDay } from '../geo/wall-time';
import { Aggregates } from './aggregates';
import type { PartitionKey } from './cluster';
import { copyEscape, copyText, joinLines } from './copy-text';
import type { RowsMessage } from './csv-reader';
import { NameIds } from './names';
import type { StoreSettings } from './store-settings';
import { MAX_PARTITION_ROWS, TripBatch } from './trip-batch';
import { bucketOf, endCells } from './trip-cells';

const tripsCopy = (table: string) =>
  `COPY store.${table} (origin_lon, origin_lat, dest_lon, dest_lat, started_at, region_id, datasource_id, ingestion_id) FROM STDIN (FORMAT binary)`;

export class TripSink {
  readonly aggregates: Aggregates;
  rowsIngested = 0;
  /** rows whose COPY has finished (progress shows only these) */
  rowsWritten = 0;
  /** called each time a COPY finishes */
  onWritten?: () => void;
  private readonly regions: NameIds;
  private readonly datasources: NameIds;
  private regionIds: number[] = [];
  private datasourceIds: number[] = [];
  private weeks = new Map<number, [number, string]>();
  private batch: TripBatch;
  private rejects: string[] = [];
  private pending: Promise<void> = Promise.resolve();
  /** every partition this load wrote to */
  readonly touched = new Map<string, PartitionKey>();
  /** "region|week" -> the staging table this load created for that partition */
  private readonly staged = new Map<string, string>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly client: pg.PoolClient,
    private readonly jobId: number,
    private readonly settings: StoreSettings,
    private readonly chunkSize: number,
    spillRows?: number,
  ) {
    this.regions = new NameIds(pool, 'regions');
    this.datasources = new NameIds(pool, 'datasources');
    this.aggregates = new Aggregates(1440 / settings.bucketMinutes, jobId, cellMaskOf(tileGridOf(settings.grid), settings.grid), spillRows);
    this.batch = new TripBatch(jobId);
  }

  async take(m: RowsMessage): Promise<void> {
    await this.learnNames(m);
    const { bucketMinutes } = this.settings;
    for (const r of m.rejects) this.rejects.push(`${this.jobId}\t${r.line}\t${copyEscape(r.reason)}\t${copyEscape(r.raw)}\n`);
    for (let i = 0; i < m.n; i++) {
      const day = m.days[i];
      let week = this.weeks.get(day);
      if (!week) {
        const monday = weekStartDay(day);
        week = [monday, dayToIsoDate(monday)];
        this.weeks.set(day, week);
      }
      const [oLon, oLat, dLon, dLat] = [m.coords[4 * i], m.coords[4 * i + 1], m.coords[4 * i + 2], m.coords[4 * i + 3]];
      const regionId = this.regionIds[m.regions[i]];
      const datasourceId = this.datasourceIds[m.datasources[i]];
      const ends = endCells(this.settings, oLon, oLat, dLon, dLat);
      const { fox, foy } = ends;
      const cells = {
        regionId, datasourceId, weekDay: week[0], week: week[1], micros: m.micros[i],
        bucket: bucketOf(m.minutes[i], bucketMinutes), ...ends,
        originLon: oLon, originLat: oLat, destLon: dLon, destLat: dLat,
      };
      if (!this.aggregates.add(cells)) {
        await this.pending; // the key space of the in-memory aggregates is full: write them out
        await this.aggregates.spill(this.client);
        this.aggregates.add(cells);
      }
      // Runs are sorted by the origin's fine cell in Hilbert order (~150 m cells, compact patches per BRIN range). The
      // low 16 bits of each coordinate suffice: a partition's trips span far fewer cells than 2^16.
      const partRows = this.batch.add(oLon, oLat, dLon, dLat, m.micros[i], regionId, datasourceId, week[1], week[0], hilbert(fox, foy));
      this.rowsIngested++;
      if (this.batch.length >= this.chunkSize || partRows >= MAX_PARTITION_ROWS) await this.flush();
    }
  }

  /** Writes the last batch and waits for every COPY. */
  async finish(): Promise<void> {
    if (this.batch.length || this.rejects.length) await this.flush();
    await this.pending;
  }

  /**
   * At the end of the load, in its transaction: the staging tables become partitions (see
   * targetTables). Serialises with other loads' partition changes until the commit: do it last.
   */
  async attachStaged(): Promise<void> {
    const keys = [...this.staged.keys()].map((k) => k.split('|')).sort(([ra, wa], [rb, wb]) => Number(ra) - Number(rb) || (wa < wb ? -1 : 1));
    if (!keys.length) return;
    await this.client.query(
      'SELECT count(store.attach_trip_staging(r, w, $3)) FROM unnest($1::int2[], $2::date[]) AS k(r, w)',
      [keys.map(([r]) => Number(r)), keys.map(([, w]) => w), this.jobId]);
  }

  /**
   * The table each partition's rows are copied into: store.trips (routed to the partition) when
   * the partition exists, else a staging table this load creates in its transaction and attaches
   * at its end (store.create_trip_staging): COPY into a table created in the same transaction
   * writes no free space map, which an append-only partition does not need.
   */
  private async targetTables(parts: { regionId: number; week: string }[]): Promise<Map<string, string>> {
    const fresh = parts.filter((p) => !this.staged.has(`${p.regionId}|${p.week}`))
      .sort((a, b) => a.regionId - b.regionId || (a.week < b.week ? -1 : 1));
    if (fresh.length) {
      const { rows } = await this.client.query<{ staging: string | null }>(
        `SELECT CASE WHEN to_regclass('store.' || store.trip_partition_name(r, w)) IS NULL THEN store.create_trip_staging(r, w, $3) END AS staging
         FROM unnest($1::int2[], $2::date[]) WITH ORDINALITY AS k(r, w, i) ORDER BY i`,
        [fresh.map((p) => p.regionId), fresh.map((p) => p.week), this.jobId]);
      rows.forEach((r, i) => r.staging && this.staged.set(`${fresh[i].regionId}|${fresh[i].week}`, r.staging));
    }
    return new Map(parts.map((p) => [`${p.regionId}|${p.week}`, this.staged.get(`${p.regionId}|${p.week}`) ?? 'trips']));
  }

  private async learnNames(m: RowsMessage): Promise<void> {
    if (m.newRegions.length) {
      await this.regions.resolve(m.newRegions);
      for (const name of m.newRegions) this.regionIds.push(this.regions.get(name)!);
    }
    if (m.newDatasources.length) {
      await this.datasources.resolve(m.newDatasources);
      for (const name of m.newDatasources) this.datasourceIds.push(this.datasources.get(name)!);
    }
  }

  /** Starts the COPY of the full batch once the previous one is done (one COPY in flight). */
  private async flush(): Promise<void> {
    await this.pending;
    const [batch, rejects] = [this.batch, this.rejects];
    this.batch = new TripBatch(this.jobId);
    this.rejects = [];
    for (const p of batch.partitions()) {
      const key = `${p.regionId}|${p.week}`;
      const seen = this.touched.get(key);
      // Each flush writes one run of rows sorted in map order to each partition it touches.
      this.touched.set(key, { regionId: p.regionId, week: p.week, rows: (seen?.rows ?? 0) + p.rows, runs: (seen?.runs ?? 0) + 1 });
    }
    const rows = batch.length;
    this.pending = (async () => {
      const tables = await this.targetTables(batch.partitions());
      for (const table of new Set(tables.values())) {
        await copyText(this.client, tripsCopy(table), batch.copyChunks((regionId, week) => tables.get(`${regionId}|${week}`) === table));
      }
      if (rejects.length) await copyText(this.client, 'COPY rejected_rows (job_id, line, reason, raw) FROM STDIN', joinLines(rejects));
      this.rowsWritten += rows;
      this.onWritten?.();
    })();
    this.pending.catch(() => {}); // awaited (and rethrown) by the next flush or finish
  }
}
