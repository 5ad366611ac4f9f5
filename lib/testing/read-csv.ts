// Runs the CSV reader (csv-reader.ts) on bytes, for tests: what it accepted, rejected or failed with.
import fs from 'node:fs';
import path from 'node:path';
import { readTripsCsv, type ReaderMessage } from '../ingest/csv-reader';
import { MAX_DATASOURCES, MAX_REGIONS, type NameLimit } from '../ingest/trip-names';

export interface ReadTrip {
  region: string;
  datasource: string;
  coords: number[];
  micros: number;
}

export interface ReadResult {
  extraColumns: string[];
  trips: ReadTrip[];
  rejects: { line: number; reason: string; raw: string }[];
  rowsTotal: number;
  error?: string;
}

let seq = 0;

export async function readCsvBytes(
  dir: string, bytes: Buffer, opts: { readSize?: number; maxRecordBytes?: number; names?: { regions: NameLimit; datasources: NameLimit } } = {},
): Promise<ReadResult> {
  const file = path.join(dir, `read-${process.pid}-${seq++}.csv`);
  fs.writeFileSync(file, bytes);
  const out: ReadResult = { extraColumns: [], trips: [], rejects: [], rowsTotal: 0 };
  const regions: string[] = [];
  const datasources: string[] = [];
  const take = (m: ReaderMessage) => {
    if (m.type === 'header') out.extraColumns = m.extraColumns;
    if (m.type === 'done') out.rowsTotal = m.rowsTotal;
    if (m.type !== 'rows') return;
    regions.push(...m.newRegions);
    datasources.push(...m.newDatasources);
    for (let i = 0; i < m.n; i++) {
      out.trips.push({ region: regions[m.regions[i]], datasource: datasources[m.datasources[i]],
        coords: Array.from(m.coords.subarray(4 * i, 4 * i + 4)), micros: m.micros[i] });
    }
    out.rejects.push(...m.rejects);
  };
  try {
    await readTripsCsv({ filePath: file, hashContent: false, rowsPerMessage: 7, names: { regions: { known: [], max: MAX_REGIONS }, datasources: { known: [], max: MAX_DATASOURCES } }, ...opts, send: take, ready: async () => {} });
  } catch (err) {
    out.error = (err as Error).message;
  } finally {
    fs.rmSync(file, { force: true });
  }
  return out;
}
