-- Trips per cell one geohash level finer than cell_weeks (precision + 1: 8x more columns and
-- 4x more rows at precision 6, ~140 m cells). A box reads whole store-precision cells from
-- cell_weeks, the ring of finer cells around them from here, and only what is left - strips
-- narrower than one fine cell - from raw trips. Append-only partial sums like cell_weeks.
CREATE TABLE store.fine_cell_weeks (
  side      int2 NOT NULL,
  region_id int2 NOT NULL,
  week      date NOT NULL,
  x         int4 NOT NULL,
  y         int4 NOT NULL,
  trips     int4 NOT NULL
);
CREATE INDEX fine_cell_weeks_cell ON store.fine_cell_weeks (side, x, y, week);
