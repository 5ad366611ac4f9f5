import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayToIsoDate } from '../geo/wall-time';
import { mondays, splitWindow, type WeekWindow } from './window';

const windowOf = (startMonday: number, weeks: number): WeekWindow =>
  ({ from: dayToIsoDate(startMonday), to: dayToIsoDate(startMonday + 7 * weeks), weeks });

describe('splitWindow', () => {
  it('cuts a window into consecutive, non-empty windows of whole weeks that cover it exactly', () => {
    // day 4 after 1970-01-01 is a Monday (1970-01-05)
    fc.assert(fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 1044 }), fc.integer({ min: 1, max: 8 }), (k, weeks, parts) => {
      const w = windowOf(4 + 7 * k, weeks);
      const cut = splitWindow(w, parts);
      expect(cut.length).toBe(Math.max(1, Math.min(parts, weeks)));
      expect(cut[0].from).toBe(w.from);
      expect(cut[cut.length - 1].to).toBe(w.to);
      for (let i = 1; i < cut.length; i++) expect(cut[i].from).toBe(cut[i - 1].to);
      expect(cut.flatMap(mondays)).toEqual(mondays(w));
      if (weeks > 0) for (const part of cut) expect(part.weeks).toBeGreaterThan(0);
      const sizes = cut.map((c) => c.weeks);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }));
  });
});
