// Whether a read lists block keys (lib/geo/end-block.ts): only where most of the trips it reads
// lie in partitions that have their block indexes (store.region_weeks.block_indexed, which
// organising sets). A partition without them is read whole, and a key list there costs planning
// and a test per row for nothing (1M realistic rows, where no partition is big enough to index:
// destination boxes read 15% faster without it).
/** An aggregate over rows of store.region_weeks: true when at least half their trips are indexed. */
export const BLOCK_INDEXED_SQL = 'coalesce(sum(trips) FILTER (WHERE block_indexed), 0) * 2 >= sum(trips)';
