// How a window's partitions are shared out between the statements read at once, and the SQL
// that names them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayToIsoDate, isoDateToDay } from '../geo/wall-time';
import { groupWindow, partitionCountsSql, splitByWeeks, type WindowPartition } from './window-partitions';

/** Partitions of consecutive weeks from 2018-01-01, `regions[i]` regions with these trips in week i. */
function partitions(weeks: number[][]): WindowPartition[] {
  return weeks.flatMap((trips, i) => {
    const week = dayToIsoDate(isoDateToDay('2018-01-01') + 7 * i);
    return trips.map((n, r) => ({ table: `trips_r${r + 1}_w${week.replaceAll('-', '')}`, week, shared: false, trips: n }));
  });
}

describe('splitByWeeks', () => {
  it('cuts the partitions into at most n groups of whole consecutive weeks, in order, none empty', () => {
    fc.assert(fc.property(
      fc.array(fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 4 }), { maxLength: 60 }),
      fc.integer({ min: 1, max: 5 }),
      (weeks, n) => {
        const all = partitions(weeks);
        const groups = splitByWeeks(all, n);
        expect(groups.flat()).toEqual(all);
        expect(groups.length).toBeLessThanOrEqual(n);
        expect(groups.length > 0).toBe(weeks.length > 0);
        for (const g of groups) expect(g.length).toBeGreaterThan(0);
        // no week is split between two groups
        for (let i = 1; i < groups.length; i++) expect(groups[i][0].week > groups[i - 1].at(-1)!.week).toBe(true);
      }));
  });

  it('gives each group about as many trips, whatever the number of weeks', () => {
    const weeks = Array.from({ length: 52 }, () => [100, 5, 30]);
    const groups = splitByWeeks(partitions(weeks), 2);
    const trips = groups.map((g) => g.reduce((sum, p) => sum + p.trips, 0));
    expect(groups.map((g) => new Set(g.map((p) => p.week)).size)).toEqual([26, 26]);
    expect(trips[0]).toBe(trips[1]);
    // one heavy week, first or last: a group of its own, the rest the other
    expect(splitByWeeks(partitions([[10_000], [1], [1], [1]]), 2).map((g) => g.length)).toEqual([1, 3]);
    expect(splitByWeeks(partitions([[1], [1], [1], [10_000]]), 2).map((g) => g.length)).toEqual([3, 1]);
  });

  it('makes no group of an empty window', () => {
    expect(splitByWeeks([], 2)).toEqual([]);
  });
});

describe('groupWindow', () => {
  it('spans the weeks of its group, the last one included', () => {
    const group = partitions([[1], [2], [3]]);
    expect(groupWindow(group)).toEqual({ from: '2018-01-01', to: '2018-01-22', weeks: 3 });
  });
});

describe('partitionCountsSql', () => {
  it('reads each partition by its quoted name, labelled with its index', () => {
    const sql = partitionCountsSql(partitions([[1, 2]]), ['origin_lon >= $1'], () => 'region_id = ANY($2)');
    expect(sql).toBe(
      'SELECT 0 AS i, count(*)::int8 AS trips FROM store."trips_r1_w20180101" WHERE origin_lon >= $1\n' +
      'UNION ALL SELECT 1 AS i, count(*)::int8 AS trips FROM store."trips_r2_w20180101" WHERE origin_lon >= $1');
  });

  it('filters the regions only in partitions every region shares, asking for the filter once', () => {
    let asked = 0;
    const filter = () => `region_id = ANY($${++asked + 1})`;
    const shared: WindowPartition[] = ['2018-01-01', '2018-01-08'].map((week) => ({ table: `trips_w${week.replaceAll('-', '')}`, week, shared: true, trips: 1 }));
    const sql = partitionCountsSql(shared, ['dest_lat < $1'], filter);
    expect(asked).toBe(1);
    expect(sql.match(/region_id = ANY\(\$2\) AND dest_lat < \$1/g)).toHaveLength(2);
    partitionCountsSql(partitions([[1]]), ['dest_lat < $1'], filter);
    expect(asked).toBe(1); // none shared: no region parameter, which no branch would use
  });
});
