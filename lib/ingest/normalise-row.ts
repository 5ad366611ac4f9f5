// Validates and normalises one CSV record into a trip, or says why it is rejected.
import { parseWallTime, type WallTime } from '../geo/wall-time';
import type { HeaderMap } from './header';

export interface ParsedTrip {
  region: string;
  datasource: string;
  origin: Point;
  dest: Point;
  time: WallTime;
}

const NUM = String.raw`[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?`;
const STRICT_POINT = new RegExp(String.raw`^\s*POINT\s*\(\s*(${NUM})\s+(${NUM})\s*\)\s*$`, 'i');
const LOOSE_POINT = /^\s*POINT\s*\(\s*([^\s()]+)\s+([^\s()]+)\s*\)\s*$/i;
const MAX_NAME_LENGTH = 200;

export interface Point {
  lon: number;
  lat: number;
  /** the coordinates' text as given: PostgreSQL parses it to the same float8 as Number() */
  lonText: string;
  latText: string;
}

/** Parses WKT "POINT (lon lat)" (longitude first); returns an error message when invalid. */
export function parsePoint(raw: string, what: string): Point | string {
  const m = STRICT_POINT.exec(raw);
  if (!m) return LOOSE_POINT.test(raw) ? `${what} has a non-numeric coordinate` : `${what} is not a WKT POINT (lon lat)`;
  const lon = Number(m[1]);
  const lat = Number(m[2]);
  if (!(lon >= -180 && lon <= 180)) return `${what} longitude ${m[1]} is outside -180..180`;
  if (!(lat >= -90 && lat <= 90)) return `${what} latitude ${m[2]} is outside -90..90`;
  return { lon, lat, lonText: m[1], latText: m[2] };
}

export function normaliseRow(fields: string[], header: HeaderMap): ParsedTrip | string {
  if (fields.length !== header.width) return `wrong column count: expected ${header.width}, got ${fields.length}`;
  const { index } = header;
  const region = fields[index.region].trim();
  const datasource = fields[index.datasource].trim();
  if (!region) return 'region is empty';
  if (!datasource) return 'datasource is empty';
  if (region.length > MAX_NAME_LENGTH) return 'region name is too long';
  if (datasource.length > MAX_NAME_LENGTH) return 'datasource name is too long';
  if (!fields[index.origin_coord].trim()) return 'origin_coord is empty';
  if (!fields[index.destination_coord].trim()) return 'destination_coord is empty';
  if (!fields[index.datetime].trim()) return 'datetime is empty';
  const origin = parsePoint(fields[index.origin_coord], 'origin_coord');
  if (typeof origin === 'string') return origin;
  const dest = parsePoint(fields[index.destination_coord], 'destination_coord');
  if (typeof dest === 'string') return dest;
  const time = parseWallTime(fields[index.datetime]);
  if (typeof time === 'string') return time;
  return { region, datasource, origin, dest, time };
}
