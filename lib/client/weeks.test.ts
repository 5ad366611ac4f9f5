import { describe, expect, it } from 'vitest';
import { fillWeeks, mondayOf, unionExtent, weekCoverage } from './weeks';

describe('weeks', () => {
  it('find the ISO Monday of a date or timestamp', () => {
    expect(mondayOf('2018-01-01')).toBe('2018-01-01'); // a Monday
    expect(mondayOf('2018-01-07 23:59:59')).toBe('2018-01-01'); // Sunday
    expect(mondayOf('2017-12-31 10:00:00')).toBe('2017-12-25');
  });

  it('mark the first and last weeks partial when the data starts after Monday or ends before Sunday', () => {
    const c = weekCoverage({ first: '2017-12-20 08:00:00', last: '2018-02-28 18:00:00' });
    expect([...c.partial]).toEqual(['2017-12-18', '2018-02-26']);
    expect([c.fullFrom, c.fullTo]).toEqual(['2017-12-25', '2018-02-26']);
  });

  it('keep whole weeks whole', () => {
    const c = weekCoverage({ first: '2018-01-01 00:10:00', last: '2018-01-14 22:00:00' });
    expect(c.partial.size).toBe(0);
    expect([c.fullFrom, c.fullTo]).toEqual(['2018-01-01', '2018-01-15']);
  });

  it('span the extents of several regions', () => {
    expect(unionExtent([{ firstTrip: '2018-02-01 00:00:00', lastTrip: '2018-03-01 00:00:00' }, { firstTrip: '2018-01-05 00:00:00', lastTrip: '2018-02-01 00:00:00' }, { firstTrip: null, lastTrip: null }]))
      .toEqual({ first: '2018-01-05 00:00:00', last: '2018-03-01 00:00:00' });
    expect(unionExtent([])).toBeNull();
  });

  it('fill empty weeks with zero', () => {
    expect(fillWeeks('2018-01-01', '2018-01-22', [{ weekStart: '2018-01-08', trips: 3 }]).map((p) => p.trips)).toEqual([0, 3, 0]);
  });
});
