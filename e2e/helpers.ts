// Shared helpers: expectations computed from the CSV itself, guards against remote requests and
// console errors, screenshots attached to the report.
import fs from 'node:fs';
import path from 'node:path';
import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';

export const SAMPLE_CSV = path.resolve(import.meta.dirname, '../data/sample-trips.csv');
export const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password';

export type Box = [number, number, number, number];

export interface CsvTrip {
  region: string;
  origin: [number, number];
  destination: [number, number];
  datetime: string;
}

function point(s: string): [number, number] {
  const m = /POINT\s*\(\s*([-\d.eE+]+)\s+([-\d.eE+]+)\s*\)/.exec(s);
  if (!m) throw new Error(`bad point ${s}`);
  return [Number(m[1]), Number(m[2])];
}

export function readTrips(file = SAMPLE_CSV): CsvTrip[] {
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const idx = (name: string) => header.indexOf(name);
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return {
      region: cells[idx('region')],
      origin: point(cells[idx('origin_coord')]),
      destination: point(cells[idx('destination_coord')]),
      datetime: cells[idx('datetime')],
    };
  });
}

const DAY = 86_400_000;
function mondayOf(date: string): number {
  const t = Date.parse(date.slice(0, 10) + 'T00:00:00Z');
  const dow = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
  return t - dow * DAY;
}
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

const inBox = (p: [number, number], b: Box) => p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3];

/** What the API should answer for a box with the default window, computed from the CSV. */
export function expectedForBox(trips: CsvTrip[], box: Box, match: 'origin' | 'destination' | 'both' = 'origin') {
  const dates = trips.map((t) => t.datetime).sort();
  const from = mondayOf(dates[0]);
  const to = mondayOf(dates[dates.length - 1]) + 7 * DAY;
  const weeks = Math.round((to - from) / (7 * DAY));
  const hit = (t: CsvTrip) =>
    match === 'origin' ? inBox(t.origin, box) : match === 'destination' ? inBox(t.destination, box) : inBox(t.origin, box) && inBox(t.destination, box);
  const total = trips.filter(hit).length;
  return { from: iso(from), to: iso(to), weeks, total, average: total / weeks };
}

/** Records requests to anything but this machine; call assertNone() at the end. */
export function guardRemoteRequests(page: Page) {
  const remote: string[] = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (!['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) remote.push(req.url());
  });
  return { remote, assertNone: () => expect(remote, 'requests to remote hosts').toEqual([]) };
}

/** Records console errors and uncaught page errors. */
export function guardConsole(page: Page) {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { errors, assertNone: () => expect(errors, 'console errors').toEqual([]) };
}

export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string, fullPage = true) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

export async function waitForMap(page: Page) {
  const map = page.getByTestId('trip-map');
  await expect(map).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  return map;
}

export async function readBoxInputs(page: Page): Promise<Box> {
  const values = await Promise.all(['West', 'South', 'East', 'North'].map((l) => page.getByLabel(l, { exact: true }).inputValue()));
  return values.map(Number) as Box;
}

/**
 * Parses "N trips per week on average (T trips over W weeks, from A to B)" as the browser
 * (locale en-US in these tests) prints it: the average with one decimal, counts with separators.
 */
export function parseSummary(text: string) {
  const m = /^([\d,]+\.\d) trips per week on average \(([\d,]+) trips over ([\d,]+) weeks, from (\S+) to (\S+)\)/.exec(text.trim());
  if (!m) throw new Error(`unexpected summary: ${text}`);
  const num = (v: string) => Number(v.replace(/,/g, ''));
  return { average: num(m[1]), total: num(m[2]), weeks: num(m[3]), from: m[4], to: m[5] };
}

/** Logs in through the API and uploads the sample unless it is already loaded (then: duplicate). */
export async function ensureSample(request: APIRequestContext) {
  const login = await request.post('/api/auth/login', { data: { password: ADMIN_PASSWORD } });
  expect(login.ok()).toBe(true);
  const res = await request.post('/api/ingestions', {
    multipart: { file: { name: 'sample-trips.csv', mimeType: 'text/csv', buffer: fs.readFileSync(SAMPLE_CSV) } },
  });
  expect(res.status()).toBe(202);
  const [job] = (await res.json()).jobs as { id: number }[];
  await expect.poll(async () => jobStatus(await (await request.get(`/api/ingestions/${job.id}`)).json()), { timeout: 60_000 }).toMatch(/^(succeeded|duplicate)$/);
}

const jobStatus = (body: { job: { status: string } }): string => body.job.status;

/** Numbers printed with more than two decimals (e.g. 70.18181818181819) in the page's text. */
export async function longDecimals(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  return text.match(/\d\.\d{3,}/g) ?? [];
}

export async function expectNoHorizontalOverflow(page: Page) {
  // Polled: right after a viewport change the map canvas is still being resized (seen: 3 px).
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), {
      message: 'horizontal overflow in px',
    })
    .toBeLessThanOrEqual(0);
}
