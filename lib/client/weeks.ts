// Weekly series helpers: the API may omit empty weeks; charts show every week of the window.
import type { WeeklyPoint } from './api';

function addDays(iso: string, days: number): string {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Every Monday in [from, to) with its count (0 where the API sent nothing). */
export function fillWeeks(from: string, to: string, series: WeeklyPoint[]): WeeklyPoint[] {
  const byWeek = new Map(series.map((p) => [p.weekStart, p.trips]));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return series;
  const out: WeeklyPoint[] = [];
  for (let w = from; w < to && out.length < 2000; w = addDays(w, 7)) out.push({ weekStart: w, trips: byWeek.get(w) ?? 0 });
  // Weeks the API returned outside the computed range are kept rather than dropped.
  for (const p of series) if (!out.some((o) => o.weekStart === p.weekStart)) out.push(p);
  return out.sort((a, b) => a.weekStart.localeCompare(b.weekStart));
}

/** The Monday (ISO week start) of an ISO date or timestamp. */
export function mondayOf(isoDateOrTime: string): string {
  const d = new Date(isoDateOrTime.slice(0, 10) + 'T00:00:00Z');
  return addDays(isoDateOrTime.slice(0, 10), -((d.getUTCDay() + 6) % 7));
}

export interface DataExtent {
  /** first and last trip, "YYYY-MM-DD HH:MM:SS" */
  first: string;
  last: string;
}

/**
 * Where the data starts and ends inside a week: the week of the first trip is partial unless
 * that trip is on its Monday, the week of the last trip unless that trip is on its Sunday.
 * `fullFrom`/`fullTo` is the window of whole weeks only ([fullFrom, fullTo), Mondays).
 */
export function weekCoverage(extent: DataExtent) {
  const firstWeek = mondayOf(extent.first);
  const lastWeek = mondayOf(extent.last);
  const firstPartial = extent.first.slice(0, 10) !== firstWeek;
  const lastPartial = extent.last.slice(0, 10) !== addDays(lastWeek, 6);
  const partial = new Set<string>();
  if (firstPartial) partial.add(firstWeek);
  if (lastPartial) partial.add(lastWeek);
  return {
    partial,
    fullFrom: firstPartial ? addDays(firstWeek, 7) : firstWeek,
    fullTo: lastPartial ? lastWeek : addDays(lastWeek, 7),
  };
}

/** The extent spanning several (e.g. every region's first and last trip). */
export function unionExtent(extents: { firstTrip: string | null; lastTrip: string | null }[]): DataExtent | null {
  const firsts = extents.map((e) => e.firstTrip).filter((x): x is string => Boolean(x)).sort();
  const lasts = extents.map((e) => e.lastTrip).filter((x): x is string => Boolean(x)).sort();
  return firsts.length && lasts.length ? { first: firsts[0], last: lasts[lasts.length - 1] } : null;
}
