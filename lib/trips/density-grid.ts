// The grid level of a density answer: geohash precisions 1 .. p + 1 (p = store precision), the
// finest whose cells meeting the view number at most maxCells. Pure: the cells are decided
// from the view alone, never from the data, so panning does not change the level.
import { latToY, lonToX, makeGrid, MAX_PRECISION, type Grid } from '../geo/cells';
import { crossesAntimeridian } from './antimeridian';
import type { BBox } from './schemas';

export interface DensityGrid {
  grid: Grid;
  /** the columns meeting the view, ascending (two runs, joined at the antimeridian, when it crosses) */
  columns: number[];
  /** the rows meeting the view, inclusive */
  y0: number;
  y1: number;
}

/**
 * Cells meeting the closed view [minLon, maxLon] x [minLat, maxLat]: a half-open cell
 * [west, east) meets it when west <= maxLon and east > minLon, i.e. from the column holding
 * minLon to the column holding maxLon (lonToX). A view with west > east crosses the
 * antimeridian: columns from minLon's to the last, then from the first to maxLon's.
 */
export function cellsMeeting(grid: Grid, view: BBox): DensityGrid {
  const x0 = lonToX(grid, view.minLon);
  const x1 = lonToX(grid, view.maxLon);
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  let columns: number[];
  if (!crossesAntimeridian(view)) columns = range(x0, x1);
  // Both parts can share a column only when maxLon and minLon lie in one cell: then every column meets.
  else columns = x1 >= x0 ? range(0, grid.nx - 1) : [...range(0, x1), ...range(x0, grid.nx - 1)];
  return { grid, columns, y0: latToY(grid, view.minLat), y1: latToY(grid, view.maxLat) };
}

export const cellCount = (d: DensityGrid): number => d.columns.length * (d.y1 - d.y0 + 1);

/** The finest level (precision storePrecision + 1 down to 1) whose cells meeting the view are at most maxCells. */
export function densityGrid(storePrecision: number, view: BBox, maxCells: number): DensityGrid {
  for (let precision = storePrecision + 1; precision > 1; precision--) {
    const cells = cellsMeeting(makeGrid(precision, MAX_PRECISION + 1), view);
    if (cellCount(cells) <= maxCells) return cells;
  }
  return cellsMeeting(makeGrid(1), view); // at most 32 cells <= MIN_DENSITY_CELLS
}
