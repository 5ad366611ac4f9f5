// Limits of GET /api/density's maxCells (shared by its schema and the grid choice).
/** precision 1 has 32 cells on the whole globe, so a level always fits */
export const MIN_DENSITY_CELLS = 32;
export const MAX_DENSITY_CELLS = 20_000;
export const DEFAULT_DENSITY_CELLS = 4_000;
