-- Sums per block of 4 x 4 fine cells in the dense rows of store.cell_tiles, so that a density
-- answer at store precision reads at most 64 numbers per tile-week instead of up to 1024.
-- A store cell is exactly 2 x 1 or 1 x 2 such blocks (it spans 8 x 4 or 4 x 8 fine cells,
-- depending on the precision's parity), so the sums serve either parity. Each element packs
-- block * 2^32 + trips; block = (fine column within the tile >> 2) * 8 + (fine row >> 2).
-- A generated column: every writer (ingestion COPY, compaction, deletion) gets it for free and
-- it can never disagree with the fines. Only rows with more than 128 fine cells carry it: on
-- sparse (realistic, low-density) data the sums would cost about as much space as the fines.
CREATE FUNCTION store.tile_block_sums(fines int2[], fine_trips int4[]) RETURNS int8[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT array_agg(b::int8 * 4294967296 + n ORDER BY b)
  FROM (SELECT ((u.sub >> 7) << 3) | ((u.sub & 31) >> 2) AS b, sum(u.n) AS n
        FROM unnest(fines, fine_trips) AS u(sub, n) GROUP BY 1) blocks
$fn$;

ALTER TABLE store.cell_tiles ADD COLUMN block_sums int8[]
  GENERATED ALWAYS AS (CASE WHEN cardinality(fines) > 128 THEN store.tile_block_sums(fines, fine_trips) END) STORED;
