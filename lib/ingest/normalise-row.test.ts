import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeaderError, readHeader } from './header';
import { normaliseRow, parsePoint } from './normalise-row';

describe('parsing WKT points', () => {
  it('accepts POINT(lon lat) in any case and spacing', () => {
    expect(parsePoint('POINT (14.4973794438195 50.00136875782316)', 'p')).toEqual({ lon: 14.4973794438195, lat: 50.00136875782316 });
    expect(parsePoint('POINT (-0.1 -33.8688)', 'p')).toEqual({ lon: -0.1, lat: -33.8688 });
    expect(parsePoint('point(14.5 50)', 'p')).toMatchObject({ lon: 14.5, lat: 50 });
    expect(parsePoint('  Point  (  -9.1   38.7 )  ', 'p')).toMatchObject({ lon: -9.1, lat: 38.7 });
    expect(parsePoint('POINT (1e-3 .5)', 'p')).toMatchObject({ lon: 0.001, lat: 0.5 });
  });

  // The plain spelling is read by char codes, any other by the regex; a leading space sends a
  // text to the regex, which must then give the same answer, value for value and reason for reason.
  it('reads a plain POINT exactly as the regex path does, whatever the digits', () => {
    const digits = (min: number, max: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));
    const decimal = fc.tuple(fc.constantFrom('', '-', '+', '--'), digits(0, 4), fc.constantFrom('', '.', '..'), digits(0, 17), fc.constantFrom('', '', '', 'e5', 'E-2', 'x'))
      .map((parts) => parts.join(''));
    const coordinate = fc.oneof(decimal, fc.double({ min: -200, max: 200, noNaN: true }).map(String), fc.double({ min: -1, max: 1 }).map((d) => d.toFixed(16)));
    // mostly the plain spelling, which the char-code path reads
    const point = fc.tuple(fc.constantFrom('POINT (', 'POINT (', 'POINT(', 'POINT  (', 'point (', 'POINTX('), coordinate,
      fc.constantFrom(' ', ' ', ' ', '  ', ''), coordinate, fc.constantFrom(')', ')', ')', ') ', '', '))'))
      .map((parts) => parts.join(''));
    fc.assert(fc.property(point, (text) => {
      expect(parsePoint(text, 'p')).toEqual(parsePoint(` ${text}`, 'p'));
    }), { numRuns: 20_000 });
  });

  it('rejects non-points, non-numbers and out-of-range coordinates with a reason', () => {
    expect(parsePoint('POINT (14.5)', 'origin_coord')).toBe('origin_coord is not a WKT POINT (lon lat)');
    expect(parsePoint('LINESTRING (1 2, 3 4)', 'origin_coord')).toMatch(/not a WKT POINT/);
    expect(parsePoint('POINT (abc 50)', 'origin_coord')).toBe('origin_coord has a non-numeric coordinate');
    expect(parsePoint('POINT (0x10 50)', 'origin_coord')).toMatch(/non-numeric/);
    expect(parsePoint('POINT (181 50)', 'origin_coord')).toMatch(/longitude 181 is outside/);
    expect(parsePoint('POINT (14 -91)', 'origin_coord')).toMatch(/latitude -91 is outside/);
  });
});

describe('header', () => {
  it('finds columns by name in any order, ignoring case, BOM and extra columns', () => {
    const h = readHeader(['\uFEFFDatasource', 'extra', 'datetime', 'REGION', 'destination_coord', 'origin_coord']);
    expect(h.index).toEqual({ datasource: 0, datetime: 2, region: 3, destination_coord: 4, origin_coord: 5 });
    expect(h.extraColumns).toEqual(['extra']);
  });

  it('fails clearly when the header is missing or incomplete', () => {
    expect(() => readHeader(['Prague', 'POINT (1 2)', 'POINT (3 4)', '2018-01-01 00:00:00', 'x'])).toThrow(/no usable header/);
    expect(() => readHeader(['region', 'origin_coord', 'datetime', 'datasource'])).toThrow(HeaderError);
    expect(() => readHeader(['region', 'origin_coord', 'datetime', 'datasource'])).toThrow(/destination_coord/);
  });
});

describe('normalising a row', () => {
  const h = readHeader(['region', 'origin_coord', 'destination_coord', 'datetime', 'datasource']);
  const row = ['Prague', 'POINT (14.49 50.00)', 'POINT (14.43 50.04)', '2018-05-28 09:03:40', 'funny_car'];

  it('accepts a valid row and trims names', () => {
    const t = normaliseRow([' Prague ', ...row.slice(1, 4), ' funny_car'], h);
    expect(t).toMatchObject({ region: 'Prague', datasource: 'funny_car', origin: { lon: 14.49 }, dest: { lat: 50.04 } });
  });

  it('says why a row is rejected', () => {
    expect(normaliseRow(row.slice(0, 4), h)).toBe('wrong column count: expected 5, got 4');
    expect(normaliseRow(['', ...row.slice(1)], h)).toBe('region is empty');
    expect(normaliseRow([row[0], '', ...row.slice(2)], h)).toBe('origin_coord is empty');
    expect(normaliseRow([...row.slice(0, 3), 'yesterday', row[4]], h)).toMatch(/datetime/);
    expect(normaliseRow([...row.slice(0, 4), ''], h)).toBe('datasource is empty');
  });
});
