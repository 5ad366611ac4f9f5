// Region and datasource names: how they match, and how many a store holds.

/**
 * Region names match case-insensitively and whatever their Unicode normal form: "Zürich" typed
 * with one code point or as u + combining diaeresis, "ZÜRICH" and "zürich" are one region.
 * Folded here, in JavaScript, never with PostgreSQL's lower(): in a database whose locale is C
 * (initdb without LANG, as on a bare machine) lower() folds ASCII letters only. Datasource names
 * match exactly.
 */
export const regionKey = (name: string): string => name.normalize('NFC').toLowerCase();

/**
 * Regions a store holds at most. Each is a partitioned table with a partition per week (and its
 * ids are int2): a file whose region column holds something else (an id per row, a shifted
 * column) would otherwise make tables by the thousand. Rows naming a region past the limit are
 * rejected with their line; the others are kept.
 */
export const MAX_REGIONS = 1000;

/** Datasources a store holds at most: their ids are int2 (32,767), which a file with an id per row would use up, failing whole. */
export const MAX_DATASOURCES = 10_000;

/** The names a store holds (keys: regionKey for regions) and how many it may hold. */
export interface NameLimit { known: string[]; max: number }

export const nameLimitReason = (what: 'region' | 'datasource', max: number) =>
  `${what} limit reached: a store holds at most ${max} ${what}s`;
