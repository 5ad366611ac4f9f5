// Coordinates where cell arithmetic breaks if it breaks at all, for property tests of grid keys:
// exactly on a grid's cell edges, a hair west or south of them, the poles, the antimeridian, the
// equator and the prime meridian, mixed with arbitrary ones.
import fc from 'fast-check';
import { columnWest, rowSouth, type Grid } from '../geo/cells';

export const lonsNearEdges = (g: Grid): fc.Arbitrary<number> => fc.oneof(
  fc.double({ min: -180, max: 180, noNaN: true }),
  fc.integer({ min: 0, max: g.nx }).map((x) => columnWest(g, x)),
  fc.integer({ min: 1, max: g.nx - 1 }).map((x) => columnWest(g, x) - Number.EPSILON * 256),
  fc.constantFrom(-180, 180, 0),
);

export const latsNearEdges = (g: Grid): fc.Arbitrary<number> => fc.oneof(
  fc.double({ min: -90, max: 90, noNaN: true }),
  fc.integer({ min: 0, max: g.ny }).map((y) => rowSouth(g, y)),
  fc.integer({ min: 1, max: g.ny - 1 }).map((y) => rowSouth(g, y) - Number.EPSILON * 128),
  fc.constantFrom(-90, 90, 0),
);
