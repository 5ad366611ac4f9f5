-- trip_groups.trips NULL: every pair of the row holds one trip (lib/geo/cell-key.ts). ~9 in 10
-- rows of a year of realistic data, 4 bytes a pair: this pays for the similar-trips rollup.
-- Rows already stored keep their arrays (rewriting them would double the table until VACUUM);
-- compaction writes merged rows the new way.
ALTER TABLE store.trip_groups ALTER COLUMN trips DROP NOT NULL;
