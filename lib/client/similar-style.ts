// Similar-trip lines: width grows with the group's trip count, from the smallest group shown to
// the largest; the legend shows both ends.

export const MIN_LINE_WIDTH = 2;
export const MAX_LINE_WIDTH = 9;

export function lineWidth(trips: number, min: number, max: number): number {
  if (max <= min) return (MIN_LINE_WIDTH + MAX_LINE_WIDTH) / 2;
  return MIN_LINE_WIDTH + ((MAX_LINE_WIDTH - MIN_LINE_WIDTH) * (trips - min)) / (max - min);
}

export function countRange(counts: number[]): { min: number; max: number } | null {
  return counts.length ? { min: Math.min(...counts), max: Math.max(...counts) } : null;
}
