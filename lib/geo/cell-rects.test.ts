// exactRects covers exactly the given cells; coverRects covers at least them with at most the
// allowed rectangles (the read filter of polygon answers: a missed cell would lose trips).
import { describe, expect, it } from 'vitest';
import { rng } from '../ingest/synthetic';
import { coverRects, exactRects, type CellRect } from './cell-rects';

const key = ([x, y]: [number, number]) => `${x},${y}`;
const cellRect = ([x, y]: [number, number]): CellRect => ({ x0: x, x1: x, y0: y, y1: y });
const cellsOf = (rs: CellRect[]) => rs.flatMap((r) => {
  const out: [number, number][] = [];
  for (let x = r.x0; x <= r.x1; x++) for (let y = r.y0; y <= r.y1; y++) out.push([x, y]);
  return out;
});

/** The cells a ring of radius r (in cells) around (cx, cy) passes through, like a polygon's boundary. */
function ringCells(cx: number, cy: number, r: number): [number, number][] {
  const out = new Map<string, [number, number]>();
  for (let i = 0; i < 2000; i++) {
    const a = (2 * Math.PI * i) / 2000;
    const c: [number, number] = [Math.floor(cx + r * Math.cos(a)), Math.floor(cy + r * Math.sin(a))];
    out.set(key(c), c);
  }
  return [...out.values()];
}

describe('cell rectangles', () => {
  it('exactRects covers exactly the cells, each once, and stacks repeated runs', () => {
    const random = rng(5);
    for (let t = 0; t < 50; t++) {
      const cells: [number, number][] = Array.from({ length: 1 + Math.floor(random() * 200) }, () => [1000 + Math.floor(random() * 30), 500 + Math.floor(random() * 30)]);
      const rects = exactRects(cells);
      const covered = cellsOf(rects).map(key);
      expect(new Set(covered).size).toBe(covered.length); // disjoint
      expect(new Set(covered)).toEqual(new Set(cells.map(key)));
    }
    expect(exactRects([[3, 1], [4, 1], [3, 2], [4, 2], [3, 3], [4, 3]])).toEqual([{ x0: 3, x1: 4, y0: 1, y1: 3 }]);
  });

  it('coverRects covers every cell with at most the allowed rectangles, and keeps a ring hollow', () => {
    const random = rng(9);
    for (let t = 0; t < 30; t++) {
      const ring = ringCells(5000 + random() * 10, 3000 + random() * 10, 5 + random() * 40);
      for (const max of [1, 4, 16]) {
        const rects = coverRects(ring.map(cellRect), max);
        expect(rects.length).toBeLessThanOrEqual(max);
        const covered = new Set(cellsOf(rects).map(key));
        for (const c of ring) expect(covered.has(key(c))).toBe(true);
      }
    }
    // A ring 80 cells across in 16 rectangles leaves its middle out.
    const ring = ringCells(100, 100, 40);
    const covered = new Set(cellsOf(coverRects(ring.map(cellRect), 16)).map(key));
    expect(covered.has(key([100, 100]))).toBe(false);
    // Rectangles count as all their cells: a 32 x 32 block and a cell beside it.
    const block = { x0: 0, x1: 31, y0: 0, y1: 31 };
    expect(coverRects([block, cellRect([32, 0])], 2)).toEqual(exactRects(cellsOf([block, cellRect([32, 0])])));
    expect(coverRects([block, cellRect([32, 0])], 1)).toEqual([{ x0: 0, x1: 63, y0: 0, y1: 31 }]);
  });
});
