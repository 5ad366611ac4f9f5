// The PMTiles extract named by MAP_PMTILES, read in byte ranges for the map's pmtiles:// source.
// Only that one file is ever served: the URL carries no path, so nothing else can be reached.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { ByteRange } from '../http/byte-range';

export interface ExtractFile {
  size: number;
  /** changes when the file does: lets the pmtiles reader notice a replaced archive */
  etag: string;
  lastModified: Date;
}

/** The configured extract, or null when MAP_PMTILES is unset or names no readable file. */
export async function extractFile(path = process.env.MAP_PMTILES): Promise<(ExtractFile & { path: string }) | null> {
  if (!path) return null;
  const stat = await fs.promises.stat(path).catch(() => null);
  if (!stat?.isFile()) return null;
  return { path, size: stat.size, etag: `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`, lastModified: stat.mtime };
}

/** The bytes of `range` (inclusive), streamed from disk. */
export function readRange(path: string, range: ByteRange): ReadableStream<Uint8Array> {
  return Readable.toWeb(fs.createReadStream(path, { start: range.start, end: range.end })) as ReadableStream<Uint8Array>;
}
