// Date windows snapped to ISO weeks: [from, to) with from moved down to its Monday and to moved
// up to a Monday. Default: the weeks of the whole store, so areas are comparable.
import type pg from 'pg';
import { dayToIsoDate, isoDateToDay, weekStartDay } from '../geo/wall-time';
import { badRequest } from '../http/api-error';

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

export async function resolveWindow(db: pg.Pool, from?: string, to?: string): Promise<WeekWindow> {
  if (from && to && from >= to) throw badRequest('from must be before to', 'invalid_parameter');
  const extent = !from || !to ? await storeWeeks(db) : null;
  const f = from ? snapDown(from) : extent?.from;
  const t = to ? snapUp(to) : extent?.to;
  if (!f || !t) {
    // Empty store and an open window: a zero-length window at the given edge (or nothing at all).
    const edge = f ?? t ?? null;
    return edge ? { from: edge, to: edge, weeks: 0 } : { from: '', to: '', weeks: 0 };
  }
  if (f >= t) throw badRequest('from must be before to (after snapping to ISO weeks)', 'invalid_parameter');
  return { from: f, to: t, weeks: weeksBetween(f, t) };
}
