// The cells of one trip, as every aggregate keys them: the fine cells (cell_tiles) and the store
// cells (trip_groups) of both ends. One function for the load's writer (trip-sink.ts) and for
// deleting an ingestion (delete-ingestion.ts), so a deletion subtracts exactly what the load added.
import { latToY, lonToX } from '../geo/cells';
import type { StoreSettings } from './store-settings';

export interface EndCells {
  /** fine cells (one level finer than the store grid) of origin and destination */
  fox: number;
  foy: number;
  fdx: number;
  fdy: number;
  /** store cells of origin and destination */
  ox: number;
  oy: number;
  dx: number;
  dy: number;
}

export function endCells(settings: StoreSettings, oLon: number, oLat: number, dLon: number, dLat: number): EndCells {
  const { grid, fine } = settings;
  const sx = fine.xBits - grid.xBits;
  const sy = fine.yBits - grid.yBits;
  const fox = lonToX(fine, oLon);
  const foy = latToY(fine, oLat);
  const fdx = lonToX(fine, dLon);
  const fdy = latToY(fine, dLat);
  // Fine cells nest exactly in store cells (geohash prefixes), so shifting gives the latter.
  return { fox, foy, fdx, fdy, ox: fox >> sx, oy: foy >> sy, dx: fdx >> sx, dy: fdy >> sy };
}

/** The time-of-day bucket of a wall-clock minute of the day. */
export const bucketOf = (minuteOfDay: number, bucketMinutes: number): number => Math.floor(minuteOfDay / bucketMinutes);
