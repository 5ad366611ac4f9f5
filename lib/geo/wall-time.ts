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

// y * 10_000 + m * 100 + d -> day number, or why it is not a date
const dayCache = new Map<number, number | string>();

/** Parses a wall-clock datetime; returns an error message for anything that is not one. */
export function parseWallTime(raw: string): WallTime | string {
  // a load parses one a row: the plain spelling by char codes, any other by the regex
  const fields = plainFields(raw) ?? regexFields(raw.trim());
  if (!fields) return 'datetime is not YYYY-MM-DD HH:MM:SS';
  const [year, month, dayOfMonth, hour, minute, second, fraction] = fields;
  const dateKey = year * 10_000 + month * 100 + dayOfMonth;
  let day = dayCache.get(dateKey);
  if (day === undefined) {
    day = calendarDay(year, month, dayOfMonth);
    if (dayCache.size < 100_000) dayCache.set(dateKey, day);
  }
  if (typeof day === 'string') return day;
  if (hour > 23 || minute > 59 || second > 59) return 'datetime time of day is out of range';
  const minuteOfDay = hour * 60 + minute;
  const micros = (day - PG_EPOCH_DAY) * DAY_MICROS + (minuteOfDay * 60 + second) * 1_000_000 + fraction;
  return { day, minuteOfDay, micros };
}

/** [year, month, day, hour, minute, second, microseconds] */
type DateTimeFields = [number, number, number, number, number, number, number];

function regexFields(text: string): DateTimeFields | null {
  const m = DATETIME.exec(text);
  if (!m) return null;
  // PostgreSQL keeps microseconds; longer fractions are truncated (never rounded into the next day).
  const fraction = m[7] ? Number(m[7].slice(0, 6).padEnd(6, '0')) : 0;
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), fraction];
}

const [ZERO, DASH, SPACE, T, COLON] = ['0', '-', ' ', 'T', ':'].map((c) => c.charCodeAt(0));

/** DATETIME's fields read by char codes when the text is exactly YYYY-MM-DD[ T]HH:MM:SS; else null. */
function plainFields(s: string): DateTimeFields | null {
  if (s.length !== 19) return null;
  const sep = s.charCodeAt(10);
  if (s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH || (sep !== SPACE && sep !== T)
    || s.charCodeAt(13) !== COLON || s.charCodeAt(16) !== COLON) return null;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const dayOfMonth = digitsAt(s, 8, 2);
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  const second = digitsAt(s, 17, 2);
  if (year < 0 || month < 0 || dayOfMonth < 0 || hour < 0 || minute < 0 || second < 0) return null;
  return [year, month, dayOfMonth, hour, minute, second, 0];
}

/** The number written by `count` ASCII digits at `at`, or -1. */
function digitsAt(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
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
