// Defaults of the ingestion engine (lib/ingest), in one place for the engine and for the worker
// and CLI environment (lib/env/worker.ts) that lets an operator change them.

/** Rows buffered before a COPY: each batch writes one sorted run per partition it touches. */
export const DEFAULT_CHUNK_ROWS = 3_000_000;

/** When a partition is worth rewriting in one map order (CLUSTER, a second write of its rows). */
export interface OrganisePolicy {
  /**
   * A partition stays as its loads wrote it while it holds at most this many sorted runs: each
   * run is in map order, so a box edge reads a few BRIN ranges per run.
   */
  maxRuns: number;
  /** Partitions with fewer rows are never rewritten: their few runs cost little to read. */
  minRows: number;
  /**
   * Partitions with fewer rows get no index (a BRIN on the origin, a B-tree on the destination
   * block: at least 3 pages, 24 kB, each): read whole, they cost well under a millisecond; bigger
   * ones are indexed once, built on their sorted runs.
   */
  indexRows: number;
}

export const DEFAULT_ORGANISE: OrganisePolicy = { maxRuns: 8, minRows: 20_000, indexRows: 10_000 };
