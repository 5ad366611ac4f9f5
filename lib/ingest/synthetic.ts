// Seeded synthetic trips in the challenge's CSV format: cities like the sample's and more.
// Like real trips, they start and end near popular places (per-city hotspots a few hundred
// metres wide), more at rush hours than at night, spread evenly over a date range.

export interface CitySpec {
  name: string;
  lon: number;
  lat: number;
}

export const CITIES: CitySpec[] = [
  { name: 'Prague', lon: 14.44, lat: 50.07 },
  { name: 'Turin', lon: 7.68, lat: 45.07 },
  { name: 'Hamburg', lon: 9.99, lat: 53.55 },
  { name: 'Berlin', lon: 13.40, lat: 52.52 },
  { name: 'Vienna', lon: 16.37, lat: 48.21 },
  { name: 'Milan', lon: 9.19, lat: 45.46 },
  { name: 'Munich', lon: 11.58, lat: 48.14 },
  { name: 'Lisbon', lon: -9.14, lat: 38.72 },
  { name: 'Warsaw', lon: 21.01, lat: 52.23 },
  { name: 'Barcelona', lon: 2.17, lat: 41.39 },
  { name: 'Amsterdam', lon: 4.90, lat: 52.37 },
  { name: 'Budapest', lon: 19.04, lat: 47.50 },
];

export const DATASOURCES = ['funny_car', 'baba_car', 'cheap_mobile', 'bad_diesel_vehicles', 'pt_search_app', 'rapid_bike', 'metro_tap'];

/** mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratorOptions {
  seed: number;
  regions: number;
  /** first day, YYYY-MM-DD */
  start: string;
  days: number;
  hotspots: number;
  /** spread of trips around a hotspot, degrees of longitude (standard deviation) */
  spread: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Returns a function producing one CSV line (without newline) per call. */
export function tripLineGenerator(opts: GeneratorOptions): () => string {
  const random = rng(opts.seed);
  const gauss = () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const cities = CITIES.slice(0, Math.max(1, Math.min(opts.regions, CITIES.length)));
  const hotspots = cities.map((c) =>
    Array.from({ length: opts.hotspots }, () => [c.lon + gauss() * 0.06, c.lat + gauss() * 0.04] as const));
  // Busy regions and sources come first: the data has a clear "most common".
  const weights = cities.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const startMs = Date.parse(opts.start + 'T00:00:00Z');
  const point = (spots: readonly (readonly [number, number])[]) => {
    const [lon, lat] = spots[Math.floor(random() ** 1.3 * spots.length)];
    return `POINT (${(lon + gauss() * opts.spread).toFixed(14)} ${(lat + gauss() * opts.spread * 0.65).toFixed(14)})`;
  };
  // Hour of day weighted towards the morning and evening peaks.
  const hourWeights = Array.from({ length: 24 }, (_, h) => 0.2 + Math.exp(-((h - 8) ** 2) / 4) + Math.exp(-((h - 17.5) ** 2) / 5));
  const hourTotal = hourWeights.reduce((a, b) => a + b, 0);
  const hour = () => {
    let pick = random() * hourTotal;
    let h = 0;
    while (h < 23 && (pick -= hourWeights[h]) > 0) h++;
    return h;
  };
  return () => {
    let pick = random() * total;
    let i = 0;
    while (i < cities.length - 1 && (pick -= weights[i]) > 0) i++;
    const t = new Date(startMs + Math.floor(random() * opts.days) * 86_400_000 + (hour() * 3600 + Math.floor(random() * 3600)) * 1000);
    const when = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
    const source = DATASOURCES[Math.floor(random() ** 1.5 * DATASOURCES.length)];
    return `${cities[i].name},${point(hotspots[i])},${point(hotspots[i])},${when},${source}`;
  };
}

export const CSV_HEADER = 'region,origin_coord,destination_coord,datetime,datasource';
