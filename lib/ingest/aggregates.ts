// Aggregates of the rows parsed so far, written to the store's append-only aggregate tables
// (cell_tiles, cell_spans, trip_groups) inside the ingestion's transaction, so they commit with the trips
// (and mark the regions' similar-trips rollups stale, similar-rollup.ts).
// Each row appends packed numeric keys to typed arrays; a spill sorts them and counts runs.
// (Hash maps keyed by strings or large numbers measured 3-5x slower, mostly GC and hashing.)
import type pg from 'pg';
import { cellKey, groupTripsText } from '../geo/cell-key';
import { FINE_KEYS, SUB_CELLS, fineKey, splitFineKey } from '../geo/tile-key';
import { microsToText } from '../geo/wall-time';
import { SPAN_WEEKS, spanOf } from './cell-spans';
import { copyText, joinLines } from './copy-text';
import { bumpRollupVersions } from './similar-rollup';

const CELL_IDS = 2 ** 18; // dense cell ids per spill (group keys)
const RWB_LIMIT = 2 ** 17; // (region-week, bucket) combinations per spill
// Rows per spill: 3 keys (2 tile keys, 1 group key) x 8 bytes each, 240 MB at most, allocated once
// (the pages a smaller file never writes are never resident). Every spill after the first leaves
// partial rows that compaction merges again (28 s for a 10M-row file spilled twice), so a spill
// holds as many rows as the 1 GB budget of the ingesting process allows.
export const KEYS_PER_SPILL = 10_000_000;
// Tile keys: ((region-week * 2 + side) * FINE_KEYS + fineKey) < 2^17 * 2 * 2^35 = 2^53, exact
// in a float64 (region-weeks per spill <= RWB_LIMIT).

interface RegionWeek {
  regionId: number;
  week: string;
  trips: number;
  firstAt: number;
  lastAt: number;
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

interface RegionDatasource {
  regionId: number;
  week: string;
  datasourceId: number;
  trips: number;
  firstAt: number;
  lastAt: number;
}

export interface TripCells {
  regionId: number;
  datasourceId: number;
  /** Monday of the ISO week: day number and YYYY-MM-DD */
  weekDay: number;
  week: string;
  /** wall time, microseconds since 2000-01-01 */
  micros: number;
  bucket: number;
  ox: number;
  oy: number;
  dx: number;
  dy: number;
  /** fine cells (one level finer) of both ends */
  fox: number;
  foy: number;
  fdx: number;
  fdy: number;
  originLon: number;
  originLat: number;
  destLon: number;
  destLat: number;
}

export class Aggregates {
  // per spill
  private cellIds = new Map<number, number>();
  private cells: number[] = []; // dense cell id i -> x * 2^15 + y
  private rwIds = new Map<number, number>();
  private rws: RegionWeek[] = [];
  private readonly tileKeys: Float64Array;
  private readonly groupKeys: Float64Array;
  private rows = 0;
  // small, kept for the whole ingestion
  private regionWeeks = new Map<number, RegionWeek>();
  private regionDatasources = new Map<number, RegionDatasource>();
  // store.cell_spans rows of this ingestion: (side, region, span, tx, ty) -> store cell -> trips
  private spans = new Map<string, Map<number, number>>();

  /**
   * `ingestionId`: the ingestion job these aggregates belong to (their ingestion_id);
   * `cellMask`: keeps of a fine cell's sub-index its store cell's bits (tile-key.ts cellMaskOf).
   */
  constructor(
    private readonly buckets: number, private readonly ingestionId: number, private readonly cellMask: number,
    private readonly keysPerSpill = KEYS_PER_SPILL,
  ) {
    this.tileKeys = new Float64Array(2 * keysPerSpill);
    this.groupKeys = new Float64Array(keysPerSpill);
  }

  /** Returns false when this spill's key space is full: spill, then add again. */
  add(t: TripCells): boolean {
    // weekDay + 30_000 is 4_000..114_000 for the years 1900-2199: distinct keys per (region, week)
    const rwKey = t.regionId * 200_000 + t.weekDay + 30_000;
    let rw = this.rwIds.get(rwKey);
    if (rw === undefined) {
      if ((this.rws.length + 1) * this.buckets > RWB_LIMIT) return false;
      rw = this.rws.length;
      this.rwIds.set(rwKey, rw);
      this.rws.push(this.regionWeek(t, rwKey));
    }
    const oxy = cellKey(t.ox, t.oy);
    const dxy = cellKey(t.dx, t.dy);
    const o = this.cellId(oxy);
    const d = this.cellId(dxy);
    if (o < 0 || d < 0 || this.rows >= this.keysPerSpill) return false;
    const i = this.rows++;
    this.tileKeys[2 * i] = rw * 2 * FINE_KEYS + fineKey(t.fox, t.foy);
    this.tileKeys[2 * i + 1] = (rw * 2 + 1) * FINE_KEYS + fineKey(t.fdx, t.fdy);
    this.groupKeys[i] = ((rw * this.buckets + t.bucket) * CELL_IDS + o) * CELL_IDS + d;
    this.addRegionStats(t, rwKey);
    return true;
  }

  private cellId(xy: number): number {
    let id = this.cellIds.get(xy);
    if (id === undefined) {
      if (this.cells.length >= CELL_IDS) return -1;
      id = this.cells.length;
      this.cellIds.set(xy, id);
      this.cells.push(xy);
    }
    return id;
  }

  private regionWeek(t: TripCells, rwKey: number): RegionWeek {
    let rw = this.regionWeeks.get(rwKey);
    if (!rw) {
      rw = { regionId: t.regionId, week: t.week, trips: 0, firstAt: t.micros, lastAt: t.micros,
        minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
      this.regionWeeks.set(rwKey, rw);
    }
    return rw;
  }

  private addRegionStats(t: TripCells, rwKey: number): void {
    const rw = this.regionWeeks.get(rwKey)!;
    rw.trips++;
    if (t.micros < rw.firstAt) rw.firstAt = t.micros;
    if (t.micros > rw.lastAt) rw.lastAt = t.micros;
    rw.minLon = Math.min(rw.minLon, t.originLon, t.destLon);
    rw.maxLon = Math.max(rw.maxLon, t.originLon, t.destLon);
    rw.minLat = Math.min(rw.minLat, t.originLat, t.destLat);
    rw.maxLat = Math.max(rw.maxLat, t.originLat, t.destLat);
    const rdKey = rwKey * 65_536 + t.datasourceId; // < 2^15 * 2 * 10^5 * 2^16 < 2^53: exact
    const rd = this.regionDatasources.get(rdKey);
    if (!rd) {
      this.regionDatasources.set(rdKey, { regionId: t.regionId, week: t.week, datasourceId: t.datasourceId, trips: 1, firstAt: t.micros, lastAt: t.micros });
    } else {
      rd.trips++;
      if (t.micros < rd.firstAt) rd.firstAt = t.micros;
      if (t.micros > rd.lastAt) rd.lastAt = t.micros;
    }
  }

  /** Rows aggregated since the last spill. */
  get size(): number {
    return this.rows;
  }

  /** Appends the counts held in memory to the store, then forgets them. */
  async spill(client: pg.PoolClient): Promise<void> {
    const { cells, rws, buckets, rows, ingestionId } = this;
    const tileKeys = this.tileKeys.subarray(0, rows * 2).sort();
    const groupKeys = this.groupKeys.subarray(0, rows).sort();
    this.cellIds = new Map();
    this.cells = [];
    this.rwIds = new Map();
    this.rws = [];
    this.rows = 0; // the key arrays are reused: the sorted keys above are written out before any row is added
    // Sorted keys: rows go out grouped by region-week, compact runs for the indexes.
    const spanOfRw = rws.map((rw) => spanOf(rw.week, SPAN_WEEKS[0]));
    const split = (rwSide: number) => ({ side: rwSide % 2, rw: (rwSide - (rwSide % 2)) / 2 });
    await copyText(client, 'COPY store.cell_tiles (side, region_id, week, tx, ty, ingestion_id, trips, fines, fine_trips) FROM STDIN',
      joinLines(packedTiles(tileKeys, (rwSide) => {
        const { side, rw } = split(rwSide);
        return `${side}\t${rws[rw].regionId}\t${rws[rw].week}`;
      }, ingestionId, (rwSide, tx, ty, fines, counts) => {
        const { side, rw } = split(rwSide);
        this.addToSpan(`${side}\t${rws[rw].regionId}\t${spanOfRw[rw]}\t${tx}\t${ty}`, fines, counts);
      })));
    await copyText(client, 'COPY store.trip_groups (region_id, bucket, week, origins, destinations, trips, ingestion_id) FROM STDIN',
      joinLines(packedGroups(groupKeys, (rwb) => {
        const bucket = rwb % buckets;
        const rw = rws[(rwb - bucket) / buckets];
        return `${rw.regionId}\t${bucket}\t${rw.week}`;
      }, cells, ingestionId)));
  }

  private addToSpan(key: string, fines: number[], counts: number[]): void {
    let cells = this.spans.get(key);
    if (!cells) this.spans.set(key, (cells = new Map()));
    for (let i = 0; i < fines.length; i++) {
      const m = fines[i] & this.cellMask;
      cells.set(m, (cells.get(m) ?? 0) + counts[i]);
    }
  }

  /** Writes what is left, the ingestion's span rows, and adds the per-region statistics to the store. */
  async merge(client: pg.PoolClient): Promise<void> {
    await this.spill(client);
    await this.writeSpans(client);
    await this.mergeRegionWeeks(client);
    await this.mergeRegionDatasources(client);
    // the regions' similar-trips rollups no longer hold all their groups
    await bumpRollupVersions(client, [...this.regionWeeks.values()].map((rw) => rw.regionId));
  }

  private async writeSpans(client: pg.PoolClient): Promise<void> {
    const lines = [...this.spans].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([key, cells]) => {
      const ms = [...cells.keys()].sort((a, b) => a - b);
      const counts = ms.map((m) => cells.get(m)!);
      const [side, regionId, span, tx, ty] = key.split('\t');
      return `${side}\t${regionId}\t${SPAN_WEEKS[0]}\t${span}\t${tx}\t${ty}\t${counts.reduce((a, b) => a + b, 0)}\t{${ms.join(',')}}\t{${counts.join(',')}}\n`;
    });
    this.spans = new Map();
    if (lines.length) {
      await copyText(client, 'COPY store.cell_spans (side, region_id, weeks, span, tx, ty, trips, cells, cell_trips) FROM STDIN', joinLines(lines));
    }
  }

  private async mergeRegionWeeks(client: pg.PoolClient): Promise<void> {
    const rows = [...this.regionWeeks.values()].sort((a, b) => a.regionId - b.regionId || (a.week < b.week ? -1 : 1));
    if (!rows.length) return;
    const col = <T>(f: (v: RegionWeek) => T) => rows.map(f);
    // Sorted keys: concurrent ingestions lock rows in the same order (no deadlock).
    await client.query(
      `INSERT INTO store.region_weeks AS r (region_id, week, trips, first_at, last_at, min_lon, min_lat, max_lon, max_lat)
       SELECT * FROM unnest($1::int2[], $2::date[], $3::int8[], $4::timestamp[], $5::timestamp[],
                            $6::float8[], $7::float8[], $8::float8[], $9::float8[])
       ON CONFLICT (region_id, week) DO UPDATE SET
         trips = r.trips + EXCLUDED.trips,
         first_at = least(r.first_at, EXCLUDED.first_at), last_at = greatest(r.last_at, EXCLUDED.last_at),
         min_lon = least(r.min_lon, EXCLUDED.min_lon), min_lat = least(r.min_lat, EXCLUDED.min_lat),
         max_lon = greatest(r.max_lon, EXCLUDED.max_lon), max_lat = greatest(r.max_lat, EXCLUDED.max_lat)`,
      [col((v) => v.regionId), col((v) => v.week), col((v) => v.trips), col((v) => microsToText(v.firstAt)), col((v) => microsToText(v.lastAt)),
       col((v) => v.minLon), col((v) => v.minLat), col((v) => v.maxLon), col((v) => v.maxLat)],
    );
  }

  private async mergeRegionDatasources(client: pg.PoolClient): Promise<void> {
    const rows = [...this.regionDatasources.values()]
      .sort((a, b) => a.regionId - b.regionId || (a.week < b.week ? -1 : a.week > b.week ? 1 : 0) || a.datasourceId - b.datasourceId);
    if (!rows.length) return;
    const col = <T>(f: (v: RegionDatasource) => T) => rows.map(f);
    await client.query(
      `INSERT INTO store.region_datasources AS r (region_id, week, datasource_id, trips, first_at, last_at)
       SELECT * FROM unnest($1::int2[], $2::date[], $3::int2[], $4::int8[], $5::timestamp[], $6::timestamp[])
       ON CONFLICT (region_id, week, datasource_id) DO UPDATE SET
         trips = r.trips + EXCLUDED.trips,
         first_at = least(r.first_at, EXCLUDED.first_at), last_at = greatest(r.last_at, EXCLUDED.last_at)`,
      [col((v) => v.regionId), col((v) => v.week), col((v) => v.datasourceId), col((v) => v.trips),
       col((v) => microsToText(v.firstAt)), col((v) => microsToText(v.lastAt))],
    );
  }
}

/**
 * Walks sorted group keys ((region-week, bucket), origin id, destination id) and yields one
 * trip_groups row per (region-week, bucket): arrays of origin cell, destination cell, count.
 */
function* packedGroups(keys: Float64Array, prefix: (rwb: number) => string, cells: number[], ingestionId: number): Generator<string> {
  let i = 0;
  while (i < keys.length) {
    const rwb = Math.floor(keys[i] / (CELL_IDS * CELL_IDS));
    const origins: number[] = [];
    const destinations: number[] = [];
    const counts: number[] = [];
    while (i < keys.length && Math.floor(keys[i] / (CELL_IDS * CELL_IDS)) === rwb) {
      let j = i + 1;
      while (j < keys.length && keys[j] === keys[i]) j++;
      const od = keys[i] - rwb * CELL_IDS * CELL_IDS;
      const d = od % CELL_IDS;
      origins.push(cells[(od - d) / CELL_IDS]);
      destinations.push(cells[d]);
      counts.push(j - i);
      i = j;
    }
    yield `${prefix(rwb)}\t{${origins.join(',')}}\t{${destinations.join(',')}}\t${groupTripsText(counts)}\t${ingestionId}\n`;
  }
}

/**
 * Walks sorted tile keys ((region-week, side), tile, sub-index) and yields one cell_tiles row
 * per ((region-week, side), tile): the tile's total, the sorted sub-indexes and their counts.
 */
function* packedTiles(
  keys: Float64Array, prefix: (rwSide: number) => string, ingestionId: number,
  onTile: (rwSide: number, tx: number, ty: number, fines: number[], counts: number[]) => void,
): Generator<string> {
  let i = 0;
  while (i < keys.length) {
    const tileKey = Math.floor(keys[i] / SUB_CELLS); // (region-week, side), tx, ty
    const fines: number[] = [];
    const counts: number[] = [];
    let total = 0;
    while (i < keys.length && Math.floor(keys[i] / SUB_CELLS) === tileKey) {
      let j = i + 1;
      while (j < keys.length && keys[j] === keys[i]) j++;
      fines.push(keys[i] - tileKey * SUB_CELLS);
      counts.push(j - i);
      total += j - i;
      i = j;
    }
    const rwSide = Math.floor(keys[i - 1] / FINE_KEYS);
    const { tx, ty } = splitFineKey(keys[i - 1] - rwSide * FINE_KEYS);
    onTile(rwSide, tx, ty, fines, counts);
    yield `${prefix(rwSide)}\t${tx}\t${ty}\t${ingestionId}\t${total}\t{${fines.join(',')}}\t{${counts.join(',')}}\n`;
  }
}
