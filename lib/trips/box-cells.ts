// Splits a box into the block of whole cells inside it (answered from cell aggregates) and
// the thin strips around that block (answered from raw trips). Cell edges are exact floats,
// so "inside" is decided exactly and the two parts never overlap nor miss a trip.
import { columnWest, lonToX, latToY, rowSouth, type Grid } from '../geo/cells';
import type { BBox } from './schemas';

export interface CellBlock {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** the block's edges in degrees: west, east (exclusive), south, north (exclusive) */
  west: number;
  east: number;
  south: number;
  north: number;
}

/** A rectangle with inclusive (<=) or exclusive (<) upper edges. */
export interface Strip {
  minLon: number;
  maxLon: number;
  maxLonExclusive: boolean;
  minLat: number;
  maxLat: number;
  maxLatExclusive: boolean;
}

/** The largest block of cells lying entirely inside the box, or null if no cell does. */
export function innerCells(g: Grid, box: BBox): CellBlock | null {
  let x0 = lonToX(g, box.minLon);
  if (columnWest(g, x0) < box.minLon) x0++;
  let y0 = latToY(g, box.minLat);
  if (rowSouth(g, y0) < box.minLat) y0++;
  // Cell x is inside iff its east edge columnWest(x + 1) <= maxLon. The last column/row is
  // never used: its points may sit exactly on 180/90, where "east edge exclusive" breaks.
  let x1 = lonToX(g, box.maxLon);
  if (columnWest(g, x1 + 1) > box.maxLon) x1--;
  let y1 = latToY(g, box.maxLat);
  if (rowSouth(g, y1 + 1) > box.maxLat) y1--;
  x1 = Math.min(x1, g.nx - 2);
  y1 = Math.min(y1, g.ny - 2);
  if (x0 > x1 || y0 > y1) return null;
  return {
    x0, x1, y0, y1,
    west: columnWest(g, x0), east: columnWest(g, x1 + 1),
    south: rowSouth(g, y0), north: rowSouth(g, y1 + 1),
  };
}

/** The parts of the box outside the block: up to four disjoint strips (or the whole box). */
export function boundaryStrips(box: BBox, block: CellBlock | null): Strip[] {
  const whole = (minLon: number, maxLon: number, maxLonEx: boolean, minLat: number, maxLat: number, maxLatEx: boolean): Strip =>
    ({ minLon, maxLon, maxLonExclusive: maxLonEx, minLat, maxLat, maxLatExclusive: maxLatEx });
  if (!block) return [whole(box.minLon, box.maxLon, false, box.minLat, box.maxLat, false)];
  const strips: Strip[] = [];
  if (box.minLon < block.west) strips.push(whole(box.minLon, block.west, true, box.minLat, box.maxLat, false));
  if (block.east <= box.maxLon) strips.push(whole(block.east, box.maxLon, false, box.minLat, box.maxLat, false));
  if (box.minLat < block.south) strips.push(whole(block.west, block.east, true, box.minLat, block.south, true));
  if (block.north <= box.maxLat) strips.push(whole(block.west, block.east, true, block.north, box.maxLat, false));
  return strips;
}
