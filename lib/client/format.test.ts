import { describe, expect, it } from 'vitest';
import { formatAverage, formatCount, formatTimestamp, isIsoDate, localIsoMinutes, spansYears, weekTick } from './format';

describe('number formatting', () => {
  it('prints averages with one decimal and thousands separators in the given locale', () => {
    expect(formatAverage(70.18181818181819, 'en-US')).toBe('70.2');
    expect(formatAverage(372.54545454545456, 'en-US')).toBe('372.5');
    expect(formatAverage(12345.06, 'en-US')).toBe('12,345.1');
    expect(formatAverage(12345.06, 'de-DE')).toBe('12.345,1');
    expect(formatAverage(3, 'en-US')).toBe('3.0');
  });

  it('prints counts as integers with separators', () => {
    expect(formatCount(2296, 'en-US')).toBe('2,296');
    expect(formatCount(2296, 'de-DE')).toBe('2.296');
    expect(formatCount(34, 'en-US')).toBe('34');
    expect(formatCount(1234567, 'en-GB')).toBe('1,234,567');
  });
});

describe('dates', () => {
  it('show the year on week ticks only when the series spans years', () => {
    expect(spansYears(['2017-12-18', '2018-02-26'])).toBe(true);
    expect(spansYears(['2018-01-01', '2018-02-26'])).toBe(false);
    expect(spansYears([])).toBe(false);
    expect(weekTick('2017-12-18', true, 'en-GB')).toBe('18 Dec 2017');
    expect(weekTick('2017-12-18', false, 'en-GB')).toBe('18 Dec');
  });

  it('accept only real ISO dates in the years the store holds', () => {
    expect(isIsoDate('2018-02-28')).toBe(true);
    expect(isIsoDate('2018-02-30')).toBe(false);
    expect(isIsoDate('28/02/2018')).toBe(false);
    expect(isIsoDate('1899-12-31')).toBe(false);
    expect(isIsoDate('2018-2-28')).toBe(false);
  });

  it('keep timestamps ISO', () => {
    expect(formatTimestamp('2018-05-28 09:03:40')).toBe('2018-05-28 09:03');
    expect(formatTimestamp('2018-05-28T09:03:40.5')).toBe('2018-05-28 09:03');
    expect(localIsoMinutes(new Date(2018, 4, 8, 7, 5))).toBe('2018-05-08 07:05');
  });
});
