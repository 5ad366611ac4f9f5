import { describe, expect, it } from 'vitest';
import { weekCounts, weekOfGroup } from './partition-weeks';

describe('partition weeks', () => {
  it('adds up the counts of partitions (or shards) of the same week', () => {
    const counts = weekCounts([
      { week: '2024-01-01', last_week: '2024-01-01', trips: 3 },
      { week: '2024-01-08', last_week: '2024-01-08', trips: '4' },
      { week: '2024-01-01', last_week: '2024-01-01', trips: 5 },
    ]);
    expect([...counts]).toEqual([['2024-01-01', 8], ['2024-01-08', 4]]);
  });

  it('refuses a group whose trips span two weeks rather than put them all in the first', () => {
    expect(() => weekOfGroup({ week: '2024-01-01', last_week: '2024-01-08' })).toThrow(/2024-01-01 and 2024-01-08/);
  });
});
