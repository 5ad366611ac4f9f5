// The pure geometry of box answers. A box splits into the block of whole cells inside it
// (answered from cell aggregates) and the thin strips around that block (answered from raw
// trips). Cell edges are exact floats, so "inside" is decided exactly and the two parts never
// overlap nor miss a trip. Also here: clipping a box to the regions' extents, the regions a
// part meets, and the ring of tiles a fine block only partly covers.
import { columnWest, lonToX, latToY, rowSouth, type Grid } from '../geo/cells';
import type { BBox } from './schemas';

/** An inclusive range of cell columns x0..x1 and rows y0..y1 of one grid. */
export interface CellRange {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface CellBlock extends CellRange {
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

/** The block's edges as a box (its east and north edges belong to the next cells). */
export const blockRect = (b: CellBlock): BBox => ({ minLon: b.west, maxLon: b.east, minLat: b.south, maxLat: b.north });

/** The extent (both trip ends) of one region's trips. */
export interface RegionExtent extends BBox {
  regionId: number;
}

/**
 * The box cut down to the bounding box of the extents. No trip of these regions lies outside
 * their extents, so this changes no count (empty, min > max, when the two do not meet).
 */
export function clip(box: BBox, extents: BBox[]): BBox {
  return {
    minLon: Math.max(box.minLon, Math.min(...extents.map((e) => e.minLon))),
    maxLon: Math.min(box.maxLon, Math.max(...extents.map((e) => e.maxLon))),
    minLat: Math.max(box.minLat, Math.min(...extents.map((e) => e.minLat))),
    maxLat: Math.min(box.maxLat, Math.max(...extents.map((e) => e.maxLat))),
  };
}

/** Whether the box holds every point of the extent (edges inclusive). */
export const contains = (box: BBox, e: BBox): boolean =>
  box.minLon <= e.minLon && e.maxLon <= box.maxLon && box.minLat <= e.minLat && e.maxLat <= box.maxLat;

/** Regions whose extent meets at least one of the rectangles (edges inclusive). */
export function regionsMeeting(extents: RegionExtent[], rects: BBox[]): number[] {
  return extents
    .filter((e) => rects.some((r) => e.maxLon >= r.minLon && e.minLon <= r.maxLon && e.maxLat >= r.minLat && e.minLat <= r.maxLat))
    .map((e) => e.regionId);
}

/** The cells of block f that are not in block c (c lies inside f): up to four rectangles. */
export function ringRects(f: CellRange, c: CellRange | null): CellRange[] {
  if (!c) return [f];
  const rects: CellRange[] = [
    { x0: f.x0, x1: c.x0 - 1, y0: f.y0, y1: f.y1 },
    { x0: c.x1 + 1, x1: f.x1, y0: f.y0, y1: f.y1 },
    { x0: c.x0, x1: c.x1, y0: f.y0, y1: c.y0 - 1 },
    { x0: c.x0, x1: c.x1, y0: c.y1 + 1, y1: f.y1 },
  ];
  return rects.filter((r) => r.x0 <= r.x1 && r.y0 <= r.y1);
}
