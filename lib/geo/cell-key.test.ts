// The counts column of trip_groups: NULL (COPY \N) when every pair holds one trip.
import { describe, expect, it } from 'vitest';
import { groupTripsAt, groupTripsText } from './cell-key';

describe('trip group counts', () => {
  it('write \\N for all-one counts and the array otherwise; read 1 for a NULL row', () => {
    expect(groupTripsText([1, 1, 1])).toBe('\\N');
    expect(groupTripsText([1, 3, 1])).toBe('{1,3,1}');
    expect(groupTripsAt(null, 5)).toBe(1);
    expect(groupTripsAt([2, 7], 1)).toBe(7);
  });
});
