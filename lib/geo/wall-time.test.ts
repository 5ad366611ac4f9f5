import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayToIsoDate, isoDateToDay, microsToText, parseIsoDate, parseWallTime, weekStartDay } from './wall-time';

const ok = (raw: string) => {
  const t = parseWallTime(raw);
  if (typeof t === 'string') throw new Error(t);
  return t;
};

describe('wall-clock datetimes', () => {
  it('keeps the wall time as given, with space or T and fractional seconds', () => {
    expect(microsToText(ok('2018-05-28 09:03:40').micros)).toBe('2018-05-28 09:03:40');
    expect(microsToText(ok('2018-05-28T09:03:40').micros)).toBe('2018-05-28 09:03:40');
    expect(microsToText(ok('2018-05-28 09:03:40.25').micros)).toBe('2018-05-28 09:03:40.250000');
    expect(microsToText(ok(' 1999-12-31 23:59:59.1234567 ').micros)).toBe('1999-12-31 23:59:59.123456');
    expect(ok('2018-05-28 09:03:40').minuteOfDay).toBe(9 * 60 + 3);
  });

  // The plain spelling is read by char codes, any other by the regex; a space before the text
  // sends it to the regex, which must then give the same answer, value for value and reason for reason.
  it('reads a plain datetime exactly as the regex path does, valid or not', () => {
    const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789', '0', '1', '2'), { minLength: n, maxLength: n }).map((d) => d.join(''));
    const sep = (c: string) => fc.constantFrom(c, c, c, c, 'x', '');
    const text = fc.tuple(fc.oneof(digits(4), fc.constantFrom('2018', '1900', '2199', '2024')), sep('-'), digits(2), sep('-'), digits(2),
      fc.constantFrom(' ', 'T', 't', '_'), digits(2), sep(':'), digits(2), sep(':'), digits(2), fc.constantFrom('', '', '', '.5', '1'))
      .map((parts) => parts.join(''));
    fc.assert(fc.property(text, (raw) => {
      expect(parseWallTime(raw)).toEqual(parseWallTime(` ${raw}`));
    }), { numRuns: 20_000 });
  });

  it('never shifts a timestamp by a time zone or DST rule', () => {
    // 2018-03-25 02:30 does not exist in Central Europe (DST gap); it is still stored as given.
    expect(microsToText(ok('2018-03-25 02:30:00').micros)).toBe('2018-03-25 02:30:00');
  });

  it('rejects malformed and impossible datetimes with a reason', () => {
    expect(parseWallTime('2018-02-30 10:00:00')).toMatch(/day 30/);
    expect(parseWallTime('2018-13-01 10:00:00')).toMatch(/month/);
    expect(parseWallTime('2018-01-01 24:00:00')).toMatch(/time of day/);
    expect(parseWallTime('28/05/2018 09:03')).toMatch(/YYYY-MM-DD/);
    expect(parseWallTime('')).toMatch(/YYYY-MM-DD/);
    expect(parseWallTime('1800-01-01 00:00:00')).toMatch(/year/);
  });

  it('buckets by ISO week starting Monday', () => {
    const monday = (d: string) => dayToIsoDate(weekStartDay(isoDateToDay(d)));
    expect(monday('2018-05-28')).toBe('2018-05-28'); // a Monday
    expect(monday('2018-06-03')).toBe('2018-05-28'); // Sunday belongs to the week before
    expect(monday('2018-05-01')).toBe('2018-04-30');
    expect(monday('1969-12-31')).toBe('1969-12-29');
    expect(monday('2021-01-01')).toBe('2020-12-28'); // ISO week 53 of 2020
  });
});

describe('query dates', () => {
  it('are calendar dates within 1900-2199, never read through Date quirks', () => {
    expect(parseIsoDate('2018-05-28')).toBe(isoDateToDay('2018-05-28'));
    expect(parseIsoDate('1900-01-01')).toBe(isoDateToDay('1900-01-01'));
    expect(parseIsoDate('2199-12-31')).toBe(isoDateToDay('2199-12-31'));
    // Date.UTC(1, 0, 1) is 1901-01-01: years 0-99 must be refused, not shifted.
    expect(parseIsoDate('0001-01-01')).toBe('date year 1 is outside 1900-2199');
    expect(parseIsoDate('0099-12-31')).toMatch(/year 99 is outside/);
    expect(parseIsoDate('9999-12-31')).toMatch(/year 9999 is outside/);
    expect(parseIsoDate('2018-02-29')).toMatch(/day 29/);
    expect(parseIsoDate('2018-13-01')).toMatch(/month 13/);
    for (const bad of ['', '2018-1-1', '+02018-01-01', '2018-01-01T00:00:00', '２０１８-01-01']) expect(parseIsoDate(bad)).toMatch(/YYYY-MM-DD/);
  });
});
