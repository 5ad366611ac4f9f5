// Numbers and dates for people: separators and decimals in the browser's locale (Intl), ISO
// dates in text. `locale` is only passed by tests; the browser's own locale is the default.

export function formatCount(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** An average with exactly one decimal (70.18181818 -> "70.2"). */
export function formatAverage(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
}

const yearOf = (iso: string) => iso.slice(0, 4);

/** Whether the ISO dates span more than one calendar year. */
export function spansYears(dates: string[]): boolean {
  return dates.length > 0 && yearOf(dates[0]) !== yearOf(dates[dates.length - 1]);
}

/** Axis tick for a week: "17 Dec", or "17 Dec 2018" when the series spans years. */
export function weekTick(iso: string, withYear: boolean, locale?: string): string {
  const d = new Date(iso + 'T00:00:00Z');
  return d.toLocaleDateString(locale, { day: 'numeric', month: 'short', timeZone: 'UTC', ...(withYear ? { year: 'numeric' } : {}) });
}

/** An ISO timestamp ("2018-05-28 09:03:40") as its ISO date and minutes, no seconds. */
export function formatTimestamp(ts: string): string {
  return ts.slice(0, 16).replace('T', ' ');
}
