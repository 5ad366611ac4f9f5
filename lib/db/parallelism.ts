// How many statements the app runs at once for one piece of work: a big raw read split into
// parts (lib/trips), the per-region and per-partition steps after a load (lib/ingest).
// PostgreSQL runs a statement on one core, and its own parallel workers did not pay on these
// small partitions (measured slower), so the app spreads the work itself.

/** The database server's cores to keep busy: 2 on the machine every figure was measured on. */
export const DATABASE_PARALLELISM = 2;
