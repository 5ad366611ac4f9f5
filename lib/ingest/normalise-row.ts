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
}

/** Parses WKT "POINT (lon lat)" (longitude first); returns an error message when invalid. */
export function parsePoint(raw: string, what: string): Point | string {
  // The common spelling in one pass of char codes (a load parses two points a row: 2M rows, the
  // parsing thread 5.8 -> 5.2 s); any other spelling, and every refusal, by the regex.
  const fast = plainPoint(raw);
  if (fast && fast.lon >= -180 && fast.lon <= 180 && fast.lat >= -90 && fast.lat <= 90) return fast;
  return parsePointByRegex(raw, what);
}

/** parsePoint for any spelling the WKT grammar above allows, with its reasons for refusing. */
function parsePointByRegex(raw: string, what: string): Point | string {
  const m = STRICT_POINT.exec(raw);
  if (!m) return LOOSE_POINT.test(raw) ? `${what} has a non-numeric coordinate` : `${what} is not a WKT POINT (lon lat)`;
  const lon = Number(m[1]);
  const lat = Number(m[2]);
  if (!(lon >= -180 && lon <= 180)) return `${what} longitude ${m[1]} is outside -180..180`;
  if (!(lat >= -90 && lat <= 90)) return `${what} latitude ${m[2]} is outside -90..90`;
  return { lon, lat };
}

const [P, O, I, N, T, SPACE, OPEN, CLOSE] = ['P', 'O', 'I', 'N', 'T', ' ', '(', ')'].map((c) => c.charCodeAt(0));

/** "POINT (lon lat)" or "POINT(lon lat)" so spelled (one space between, none outside), else null. */
function plainPoint(s: string): Point | null {
  if (s.charCodeAt(0) !== P || s.charCodeAt(1) !== O || s.charCodeAt(2) !== I || s.charCodeAt(3) !== N || s.charCodeAt(4) !== T) return null;
  let i = 5;
  if (s.charCodeAt(i) === SPACE) i++;
  if (s.charCodeAt(i) !== OPEN) return null;
  const lon = plainDecimal(s, i + 1, SPACE);
  if (!lon) return null;
  const lat = plainDecimal(s, lon.end + 1, CLOSE);
  if (!lat || lat.end !== s.length - 1) return null;
  return { lon: lon.value, lat: lat.value };
}

// 10^0..10^22, each exact in a float64 (parsed from text, not computed)
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const [MINUS, PLUS, DOT, ZERO] = ['-', '+', '.', '0'].map((c) => c.charCodeAt(0));

/**
 * A decimal [+-]digits[.digits] starting at `start` and ended by the char `end`, as Number()
 * reads it, or null. Up to 15 digits without Number(): an integer below 2^53 divided by an exact
 * power of ten is correctly rounded (Clinger's fast path), as Number() rounds.
 */
function plainDecimal(s: string, start: number, end: number): { value: number; end: number } | null {
  let i = start;
  const sign = s.charCodeAt(i);
  if (sign === MINUS || sign === PLUS) i++;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1; // digits after the point, -1 before it
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === end) break;
    if (c === DOT && fraction < 0) {
      fraction = 0;
      continue;
    }
    const d = c - ZERO;
    if (d < 0 || d > 9) return null;
    mantissa = mantissa * 10 + d;
    digits++;
    if (fraction >= 0) fraction++;
  }
  if (i === s.length || digits === 0) return null;
  if (digits > 15) return { value: Number(s.slice(start, i)), end: i }; // past the fast path: as the regex path reads it
  const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
  return { value: sign === MINUS ? -value : value, end: i };
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
