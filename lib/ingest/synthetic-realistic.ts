// Realistic synthetic trips: rows in random order over a whole year (each timestamp independent,
// uniform over the days, rush hours busier than nights), many regions around the globe, points
// spread kilometres around a few centres per city plus a thin uniform background over the city
// square, destinations drawn independently of origins. Rows are written as bytes (see
// synthetic-bytes.ts) because this generator feeds 100M-row benchmarks.
import { putBytes, putCoordinate, putDigits } from './synthetic-bytes';
import { WORLD_CITIES, type City } from './synthetic-cities';
import { DATASOURCES, rng } from './synthetic';

export interface RealisticOptions {
  seed: number;
  regions: number;
  /** first day, YYYY-MM-DD */
  start: string;
  days: number;
  /** share of points drawn uniformly over the city square instead of around a centre */
  background?: number;
}

/** Longest row this generator can write (bytes), for buffer headroom. */
export const MAX_ROW_BYTES = 256;

const KM_PER_DEGREE = 111.32;
const SQUARE_KM = 30;
const TABLE = 4096; // resolution of the weighted-pick lookup tables

interface Centre {
  lon: number;
  lat: number;
  /** standard deviation in degrees of longitude and latitude */
  sdLon: number;
  sdLat: number;
}

interface CityModel {
  name: Uint8Array;
  city: City;
  centres: Centre[];
  /** centre index per 1/TABLE of probability */
  pick: Uint8Array;
  degLon: number;
  degLat: number;
}

/** Lookup table: index i of `weights` fills a share of TABLE slots proportional to its weight. */
function pickTable(weights: number[]): Uint16Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const table = new Uint16Array(TABLE);
  let at = 0;
  let cumulative = 0;
  weights.forEach((w, i) => {
    cumulative += w;
    const end = i === weights.length - 1 ? TABLE : Math.round((cumulative / total) * TABLE);
    table.fill(i, at, end);
    at = Math.max(at, end);
  });
  return table;
}

function cityModel(city: City, random: () => number): CityModel {
  const degLat = 1 / KM_PER_DEGREE;
  const degLon = 1 / (KM_PER_DEGREE * Math.cos((city.lat * Math.PI) / 180));
  const count = 3 + Math.floor(random() * 4); // 3-6 centres
  const centres = Array.from({ length: count }, () => {
    const angle = random() * 2 * Math.PI;
    const km = random() * 8; // centres within 8 km of the city centre
    const sdKm = 2 + random() * 4; // gaussian spread 2-6 km
    return { lon: city.lon + Math.cos(angle) * km * degLon, lat: city.lat + Math.sin(angle) * km * degLat, sdLon: sdKm * degLon, sdLat: sdKm * degLat };
  });
  const pick = Uint8Array.from(pickTable(centres.map(() => 1 + random() * 3)));
  return { name: Buffer.from(city.name), city, centres, pick, degLon, degLat };
}

/** Minute of day per 1/TABLE of probability: morning and evening peaks, quiet nights. */
function minuteTable(): Uint16Array {
  const weights = Array.from({ length: 1440 }, (_, m) => {
    const h = m / 60;
    return 0.15 + Math.exp(-((h - 8) ** 2) / 2) + 0.8 * Math.exp(-((h - 17.5) ** 2) / 3) + 0.3 * Math.exp(-((h - 13) ** 2) / 6);
  });
  return pickTable(weights);
}

/** 'YYYY-MM-DD ' for each day of the range, as bytes. */
function dayPrefixes(start: string, days: number): Uint8Array[] {
  const startMs = Date.parse(start + 'T00:00:00Z');
  if (Number.isNaN(startMs)) throw new Error(`bad start date ${start}`);
  return Array.from({ length: days }, (_, d) => Buffer.from(new Date(startMs + d * 86_400_000).toISOString().slice(0, 10) + ' '));
}

export class RealisticGenerator {
  private readonly random: () => number;
  private readonly cities: CityModel[];
  private readonly cityPick: Uint16Array;
  private readonly minutes = minuteTable();
  private readonly days: Uint8Array[];
  private readonly sources = DATASOURCES.map((s) => Buffer.from(s));
  private readonly sourcePick = pickTable(DATASOURCES.map((_, i) => 1 / (1 + 0.3 * i)));
  private readonly background: number;
  private readonly pointOpen = Buffer.from('POINT (');

  constructor(opts: RealisticOptions) {
    this.random = rng(opts.seed);
    const n = Math.max(1, Math.min(opts.regions, WORLD_CITIES.length));
    this.cities = WORLD_CITIES.slice(0, n).map((c) => cityModel(c, this.random));
    // Busier regions first, so the data has a clear "most common region".
    this.cityPick = pickTable(this.cities.map((_, i) => 1 / (i + 1) ** 0.7));
    this.days = dayPrefixes(opts.start, opts.days);
    this.background = opts.background ?? 0.04;
  }

  get regionNames(): string[] {
    return this.cities.map((c) => c.city.name);
  }

  /** Writes one CSV row with its newline at `pos`; returns the position after it. */
  writeRow(buf: Uint8Array, pos: number): number {
    const r = this.random;
    const city = this.cities[this.cityPick[(r() * TABLE) | 0]];
    pos = putBytes(buf, pos, city.name);
    buf[pos++] = 44;
    pos = this.writePoint(buf, pos, city);
    buf[pos++] = 44;
    pos = this.writePoint(buf, pos, city);
    buf[pos++] = 44;
    pos = putBytes(buf, pos, this.days[(r() * this.days.length) | 0]);
    const minute = this.minutes[(r() * TABLE) | 0];
    pos = putDigits(buf, pos, (minute / 60) | 0, 2);
    buf[pos++] = 58;
    pos = putDigits(buf, pos, minute % 60, 2);
    buf[pos++] = 58;
    pos = putDigits(buf, pos, (r() * 60) | 0, 2);
    buf[pos++] = 44;
    pos = putBytes(buf, pos, this.sources[this.sourcePick[(r() * TABLE) | 0]]);
    buf[pos++] = 10;
    return pos;
  }

  private writePoint(buf: Uint8Array, pos: number, city: CityModel): number {
    const r = this.random;
    let lon: number;
    let lat: number;
    if (r() < this.background) {
      lon = city.city.lon + (r() - 0.5) * SQUARE_KM * city.degLon;
      lat = city.city.lat + (r() - 0.5) * SQUARE_KM * city.degLat;
    } else {
      const c = city.centres[city.pick[(r() * TABLE) | 0]];
      // Box-Muller: one pair of independent normals for the two axes.
      const radius = Math.sqrt(-2 * Math.log(1 - r()));
      const angle = 2 * Math.PI * r();
      lon = c.lon + radius * Math.cos(angle) * c.sdLon;
      lat = c.lat + radius * Math.sin(angle) * c.sdLat;
    }
    pos = putBytes(buf, pos, this.pointOpen);
    pos = putCoordinate(buf, pos, lon);
    buf[pos++] = 32;
    pos = putCoordinate(buf, pos, lat);
    buf[pos++] = 41;
    return pos;
  }
}
