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

/** A real calendar date written YYYY-MM-DD, in the years the store accepts (1900-2199). */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const year = Number(s.slice(0, 4));
  const d = new Date(s + 'T00:00:00Z');
  return year >= 1900 && year <= 2199 && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A moment in the browser's time zone as "YYYY-MM-DD HH:MM". */
export function localIsoMinutes(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
