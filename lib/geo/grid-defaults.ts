// Defaults of the similar-trip grid, one spelling for env parsing, the store settings and the
// readers. Both are fixed by the first ingestion (store_settings) and read back from there.

/** geohash precision of similar-trip cells (the box aggregates use one finer) */
export const DEFAULT_CELL_PRECISION = 6;
/** time-of-day bucket of similar trips, in minutes (divides 1440) */
export const DEFAULT_BUCKET_MINUTES = 60;
