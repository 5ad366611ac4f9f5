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

export function formatWeek(iso: string): string {
  const d = new Date(iso + 'T00:00:00Z');
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
