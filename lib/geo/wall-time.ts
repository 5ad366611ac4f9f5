// Wall-clock timestamps ("2018-05-28 09:03:40", no zone) and ISO weeks, computed on the calendar
// alone so no time zone or DST rule can move a trip to another day or week.

const DAY_MS = 86_400_000;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;

export interface WallTime {
  /** days since 1970-01-01 */
  day: number;
  minuteOfDay: number;
  /** microseconds since 2000-01-01 00:00:00 (PostgreSQL's timestamp epoch); exact for 1900-2199 */
  micros: number;
}

const PG_EPOCH_DAY = 10_957; // 2000-01-01 as days since 1970-01-01
const DAY_MICROS = 86_400_000_000;

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

const dayCache = new Map<string, number | string>();

/** Parses a wall-clock datetime; returns an error message for anything that is not one. */
export function parseWallTime(raw: string): WallTime | string {
  const m = DATETIME.exec(raw.trim());
  if (!m) return 'datetime is not YYYY-MM-DD HH:MM:SS';
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  let day = dayCache.get(date);
  if (day === undefined) {
    day = calendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
    if (dayCache.size < 100_000) dayCache.set(date, day);
  }
  if (typeof day === 'string') return day;
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  if (hour > 23 || minute > 59 || Number(m[6]) > 59) return 'datetime time of day is out of range';
  // PostgreSQL keeps microseconds; longer fractions are truncated (never rounded into the next day).
  const fraction = m[7] ? Number(m[7].slice(0, 6).padEnd(6, '0')) : 0;
  const minuteOfDay = hour * 60 + minute;
  const micros = (day - PG_EPOCH_DAY) * DAY_MICROS + (minuteOfDay * 60 + Number(m[6])) * 1_000_000 + fraction;
  return { day, minuteOfDay, micros };
}

/**
 * Day number of a date YYYY-MM-DD in years MIN_YEAR..MAX_YEAR, or why it is not one. The year
 * bound also keeps Date.UTC away from years 0-99, which it would read as 1900-1999.
 */
export function parseIsoDate(date: string): number | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return 'must be a date YYYY-MM-DD';
  return calendarDay(Number(m[1]), Number(m[2]), Number(m[3]), 'date');
}

/** Day number of a calendar date, or why it is not a date. */
function calendarDay(year: number, month: number, dayOfMonth: number, what = 'datetime'): number | string {
  if (year < MIN_YEAR || year > MAX_YEAR) return `${what} year ${year} is outside ${MIN_YEAR}-${MAX_YEAR}`;
  if (month < 1 || month > 12) return `${what} month ${month} is out of range`;
  if (dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month)) return `${what} day ${dayOfMonth} is out of range`;
  return Date.UTC(year, month - 1, dayOfMonth) / DAY_MS;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The Monday (as a day number) of the ISO week containing `day`. 1970-01-01 was a Thursday. */
export function weekStartDay(day: number): number {
  return day - (((day + 3) % 7) + 7) % 7;
}

export function dayToIsoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isoDateToDay(date: string): number {
  return Date.parse(date + 'T00:00:00Z') / DAY_MS;
}

/** "YYYY-MM-DD HH:MM:SS[.ffffff]" of microseconds since 2000-01-01. */
export function microsToText(micros: number): string {
  const day = Math.floor(micros / DAY_MICROS);
  const inDay = micros - day * DAY_MICROS;
  const frac = inDay % 1_000_000;
  const iso = new Date((day + PG_EPOCH_DAY) * DAY_MS + (inDay - frac) / 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? '.' + String(frac).padStart(6, '0') : ''}`;
}
