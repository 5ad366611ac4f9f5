import { describe, expect, it } from 'vitest';
import { readHeader } from './header';
import { normaliseRow, type ParsedTrip } from './normalise-row';
import { CSV_HEADER, rng } from './synthetic';
import { putCoordinate } from './synthetic-bytes';
import { RealisticGenerator } from './synthetic-realistic';

describe('coordinate bytes', () => {
  it('print 15 significant digits that read back from the float8 unchanged', () => {
    const random = rng(3);
    const buf = Buffer.alloc(64);
    for (let i = 0; i < 5_000; i++) {
      const x = (random() - 0.5) * (i % 2 ? 360 : 2);
      const text = buf.toString('latin1', 0, putCoordinate(buf, 0, x));
      expect(Math.abs(Number(text) - x)).toBeLessThan(1e-12);
      expect(Number(text).toFixed(text.split('.')[1].length)).toBe(text); // the float8 reads back as the same digits
    }
  });
});

describe('realistic generator', () => {
  const gen = new RealisticGenerator({ seed: 1, regions: 10, start: '2018-01-01', days: 365 });
  const buf = Buffer.alloc(20_000 * 256);
  let pos = 0;
  for (let i = 0; i < 20_000; i++) pos = gen.writeRow(buf, pos);
  const lines = buf.toString('utf8', 0, pos).trimEnd().split('\n');
  const header = readHeader(CSV_HEADER.split(','));
  const trips = lines.map((l) => normaliseRow(l.split(','), header) as ParsedTrip);

  it('writes rows the ingestion accepts, with unicode region names in both hemispheres', () => {
    expect(trips.every((t) => typeof t === 'object')).toBe(true);
    const regions = new Set(lines.map((l) => l.split(',')[0]));
    expect(regions.size).toBe(10);
    expect(regions).toContain('São Paulo');
    expect(regions).toContain('Zürich');
    expect(trips.some((t) => t.origin.lat < 0) && trips.some((t) => t.origin.lat > 0)).toBe(true);
    expect(trips.some((t) => t.origin.lon < 0) && trips.some((t) => t.origin.lon > 0)).toBe(true);
  });

  it('spreads rows over the whole year in random order, busier at rush hour than at night', () => {
    const times = lines.map((l) => l.split(',')[3]);
    expect(new Set(times.map((t) => t.slice(5, 7))).size).toBe(12);
    const sorted = [...times].sort();
    expect(times).not.toEqual(sorted);
    const at = (h: string) => times.filter((t) => t.slice(11, 13) === h).length;
    expect(at('08')).toBeGreaterThan(3 * at('03'));
  });

  it('draws destinations independently of origins, kilometres apart', () => {
    const km = trips.map((t) => Math.hypot((t.origin.lon - t.dest.lon) * 70, (t.origin.lat - t.dest.lat) * 111));
    km.sort((a, b) => a - b);
    expect(km[km.length >> 1]).toBeGreaterThan(3);
  });
});
