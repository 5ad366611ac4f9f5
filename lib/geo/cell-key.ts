// The cell key of store.trip_groups (origins, destinations): one cell of the store grid packed
// as x * 2^15 + y. Every writer and reader goes through here, SQL included (cellXSql/cellYSql).
//
// Why the widths fit: at the finest store precision (6) a geohash grid has 15 bits of column
// and 15 of row (ceil/floor of 5 * 6 / 2), so x, y < 2^15 and a key < 2^30: it fits the int4
// arrays of trip_groups, and, as a float64 in the writer, stays far below 2^53 (exact), with
// room for the writer's own dense ids per spill.
import { MAX_PRECISION } from './cells';

/** Bits of the row in a cell key (the column sits above them). */
export const CELL_Y_BITS = 15;
const Y_SPAN = 2 ** CELL_Y_BITS;
const Y_MASK = Y_SPAN - 1;

if (Math.ceil((5 * MAX_PRECISION) / 2) > CELL_Y_BITS) throw new Error('cell key: columns of the finest grid exceed 15 bits');

export const cellKey = (x: number, y: number): number => x * Y_SPAN + y;

/** SQL for the column of an int4 cell key expression. */
export const cellXSql = (key: string): string => `(${key} >> ${CELL_Y_BITS})`;
/** SQL for the row of an int4 cell key expression. */
export const cellYSql = (key: string): string => `(${key} & ${Y_MASK})`;

// The counts of store.trip_groups (trips, parallel to origins and destinations) are NULL when
// every pair of the row holds one trip, as ~9 in 10 rows do in a year of realistic data (a count
// array costs 4 bytes a pair). Writers spell the column with groupTripsText, readers take a
// pair's count with groupTripsSql / groupTripsAt.

/** COPY text of a row's counts: \N when all are 1. */
export const groupTripsText = (counts: number[]): string => (counts.every((n) => n === 1) ? '\\N' : `{${counts.join(',')}}`);

/** SQL for a pair's count, from the element `n` of unnest(origins, destinations, trips). */
export const groupTripsSql = (n: string): string => `coalesce(${n}, 1)`;

/** A pair's count from a row's counts as read. */
export const groupTripsAt = (counts: number[] | null, i: number): number => (counts ? counts[i] : 1);
