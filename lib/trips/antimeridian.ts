// Boxes across the antimeridian. GeoJSON's convention (RFC 7946, section 5.2): a box whose west
// edge is greater than its east edge crosses it, e.g. 170,-20,-170,-10 around Fiji. Such a box is
// counted as two ordinary boxes, [west, 180] and [-180, east]. They share no stored point: a
// longitude of exactly 180 lies only in the first, -180 only in the second, so no trip is
// counted twice.
import type { BBox } from './schemas';

export const crossesAntimeridian = (box: BBox): boolean => box.minLon > box.maxLon;

/** The parts of a box west and east of the antimeridian: [west, 180] and [-180, east]. */
export function splitAtAntimeridian(box: BBox): [BBox, BBox] {
  return [{ ...box, maxLon: 180 }, { ...box, minLon: -180 }];
}
