// Date windows snapped to ISO weeks: [from, to) with from moved down to its Monday and to moved
// up to a Monday. Default: the weeks of the whole store, so areas are comparable.
import type pg from 'pg';
import { DATABASE_PARALLELISM } from '../db/parallelism';
import { dayToIsoDate, isoDateToDay, weekStartDay } from '../geo/wall-time';
import { InvalidInputError } from '../errors/domain-errors';

/** The longest window a request may ask for: 20 years of ISO weeks (one series point each). */
export const MAX_WINDOW_WEEKS = 1044;

export interface WeekWindow {
  /** Monday, YYYY-MM-DD (inclusive) */
  from: string;
  /** Monday, YYYY-MM-DD (exclusive) */
  to: string;
  weeks: number;
}

export const snapDown = (date: string) => dayToIsoDate(weekStartDay(isoDateToDay(date)));
export function snapUp(date: string): string {
  const day = isoDateToDay(date);
  const monday = weekStartDay(day);
  return dayToIsoDate(monday === day ? day : monday + 7);
}

export function weeksBetween(from: string, to: string): number {
  return Math.round((isoDateToDay(to) - isoDateToDay(from)) / 7);
}

/**
 * Raw reads of trips are split into this many queries over consecutive weeks of their window,
 * run at once on connections of their own: the database's cores share a big read, and the
 * planning of its weekly partitions (10M: origin box p50 -25%, both -44%).
 */
export const RAW_READ_PARTS = DATABASE_PARALLELISM;

/** The window cut into up to `parts` windows of consecutive whole weeks (none empty), in order. */
export function splitWindow(w: WeekWindow, parts: number): WeekWindow[] {
  const n = Math.max(1, Math.min(parts, w.weeks));
  const start = isoDateToDay(w.from);
  const out: WeekWindow[] = [];
  let week = 0;
  for (let i = 0; i < n; i++) {
    const weeks = Math.floor(w.weeks / n) + (i < w.weeks % n ? 1 : 0);
    out.push({ from: dayToIsoDate(start + 7 * week), to: dayToIsoDate(start + 7 * (week + weeks)), weeks });
    week += weeks;
  }
  return out;
}

/** Every Monday in the window, in order. */
export function mondays(w: WeekWindow): string[] {
  const start = isoDateToDay(w.from);
  return Array.from({ length: w.weeks }, (_, i) => dayToIsoDate(start + 7 * i));
}

/** The store's full extent in weeks, or null when it holds no trips. */
export async function storeWeeks(db: pg.Pool): Promise<{ from: string; to: string } | null> {
  const { rows } = await db.query<{ first: string | null; last: string | null }>(
    'SELECT min(week) AS first, max(week) AS last FROM store.region_weeks WHERE trips > 0',
  );
  if (!rows[0]?.first || !rows[0].last) return null;
  return { from: rows[0].first, to: dayToIsoDate(isoDateToDay(rows[0].last) + 7) };
}

/**
 * The window of a request. Dates are already valid (schemas.ts: years MIN_YEAR..MAX_YEAR) and are
 * compared as day numbers. An explicit window spans at most MAX_WINDOW_WEEKS; the default (the
 * store's own weeks) is bounded by the data.
 */
export async function resolveWindow(db: pg.Pool, from?: string, to?: string): Promise<WeekWindow> {
  return windowOf(!from || !to ? await storeWeeks(db) : null, from, to);
}

/** resolveWindow for a caller that read the store's weeks already (`extent`: storeWeeks). */
export function windowOf(extent: { from: string; to: string } | null, from?: string, to?: string): WeekWindow {
  if (from && to && isoDateToDay(from) >= isoDateToDay(to)) throw new InvalidInputError('from', 'must be before to');
  const f = from ? snapDown(from) : extent?.from;
  const t = to ? snapUp(to) : extent?.to;
  if (!f || !t) {
    // Empty store and an open window: a zero-length window at the given edge (or nothing at all).
    const edge = f ?? t ?? null;
    return edge ? { from: edge, to: edge, weeks: 0 } : { from: '', to: '', weeks: 0 };
  }
  const weeks = weeksBetween(f, t);
  // Only an open edge, taken from the store, can end up on the wrong side of the given one.
  if (weeks <= 0 && from) throw new InvalidInputError('from', `must be before the store's last week (${t}) when to is not given`);
  if (weeks <= 0) throw new InvalidInputError('to', `must be after the store's first week (${f}) when from is not given`);
  if ((from || to) && weeks > MAX_WINDOW_WEEKS) {
    throw new InvalidInputError(to ? 'to' : 'from', `the window from..to may span at most ${MAX_WINDOW_WEEKS} weeks (20 years), not ${weeks}`);
  }
  return { from: f, to: t, weeks };
}
