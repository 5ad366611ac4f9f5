// Areas beyond boxes, in the browser: a polygon drawn with the mouse, zones loaded from a
// GeoJSON file (choropleth, table, CSV), trips from one zone to another, and the exported area.
// Every expected figure is computed here from data/sample-trips.csv with an exact
// point-in-polygon (boundaries inclusive, holes respected).
import fs from 'node:fs';
import path from 'node:path';
import LZString from 'lz-string';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, attachScreenshot, ensureSample, expectedForBox, expectNoHorizontalOverflow, guardConsole, parseSummary, readTrips, waitForMap, type CsvTrip } from './helpers';

type Ring = number[][];
type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

const ZONES_FILE = path.resolve(import.meta.dirname, 'fixtures/prague-zones.geojson');
const trips = readTrips();
// The default window: the whole sample's weeks (the same for every area).
const { weeks } = expectedForBox(trips, [-180, -90, 180, 90]);

function onSegment([x, y]: [number, number], [ax, ay]: number[], [bx, by]: number[]): boolean {
  return (bx - ax) * (y - ay) - (by - ay) * (x - ax) === 0 && Math.min(ax, bx) <= x && x <= Math.max(ax, bx) && Math.min(ay, by) <= y && y <= Math.max(ay, by);
}

/** Ray casting, with points on an edge or vertex inside. */
function inRing(p: [number, number], ring: Ring): 'in' | 'edge' | 'out' {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [a, b] = [ring[i], ring[j]];
    if (onSegment(p, a, b)) return 'edge';
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside ? 'in' : 'out';
}

function inPolygon(p: [number, number], rings: Ring[]): boolean {
  const outer = inRing(p, rings[0]);
  if (outer === 'out') return false;
  // On a hole's edge counts as inside; strictly within a hole does not.
  return rings.slice(1).every((hole) => inRing(p, hole) !== 'in');
}

const inGeometry = (p: [number, number], g: Geometry) => (g.type === 'Polygon' ? inPolygon(p, g.coordinates) : g.coordinates.some((rings) => inPolygon(p, rings)));
const count = (keep: (t: CsvTrip) => boolean) => trips.filter(keep).length;
const en = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function urlArea(page: Page, param: string): { polygon?: Geometry; name?: string } {
  const v = new URL(page.url()).searchParams.get(param);
  return v ? JSON.parse(LZString.decompressFromEncodedURIComponent(v)!) : {};
}

async function summary(page: Page, testId = 'result-summary') {
  return parseSummary((await page.getByTestId(testId).first().textContent())!);
}

// The sample is loaded here through the API when this file runs alone. Named before story.spec.ts,
// which expects the sample's first upload to be its own, this file deletes the ingestion it made
// (an ingestion deleted may be ingested again, as if never loaded) and leaves the store as found.
let ownJob: number | null = null;

test.beforeAll(async ({ request }) => {
  const before = (await (await request.get('/api/regions')).json()) as { regions: { trips: number }[] };
  const empty = before.regions.every((r) => r.trips === 0);
  await ensureSample(request);
  if (!empty) return;
  const { jobs } = (await (await request.get('/api/ingestions')).json()) as { jobs: { id: number; status: string }[] };
  ownJob = jobs.find((j) => j.status === 'succeeded')?.id ?? null;
});

test.afterAll(async ({ request }) => {
  if (ownJob === null) return;
  expect((await request.post('/api/auth/login', { data: { password: ADMIN_PASSWORD } })).ok()).toBe(true);
  expect((await request.delete(`/api/ingestions/${ownJob}`)).status()).toBe(202);
  await expect
    .poll(async () => ((await (await request.get(`/api/ingestions/${ownJob}`)).json()) as { job: { status: string } }).job.status, { timeout: 60_000 })
    .toBe('deleted');
});

test('draw a polygon with the mouse: its answer counts exactly the trips starting inside it', async ({ page }, testInfo) => {
  const consoleErrors = guardConsole(page);
  await page.goto('/?region=Prague&density=off');
  const map = await waitForMap(page);
  await page.waitForLoadState('networkidle');
  // A pentagon around Prague's centre, placed on screen where the map shows those points.
  const corners = Array.from({ length: 5 }, (_, i) => [14.48 + 0.12 * Math.sin((i * 2 * Math.PI) / 5), 50.06 + 0.05 * Math.cos((i * 2 * Math.PI) / 5)]);
  const pixels = await map.evaluate((el, lngLats) => {
    const m = (el as unknown as { maplibreMap: { project(p: number[]): { x: number; y: number } } }).maplibreMap;
    return lngLats.map((p) => m.project(p));
  }, corners);
  const box = (await map.boundingBox())!;

  await page.getByRole('button', { name: 'Draw polygon' }).click();
  for (const p of pixels) {
    await page.mouse.click(box.x + p.x, box.y + p.y);
    await page.waitForTimeout(150); // terra-draw tells a click from a double-click by time
  }
  await page.mouse.click(box.x + pixels[0].x, box.y + pixels[0].y); // the first corner closes it
  await expect(page).toHaveURL(/[?&]polygon=/);
  await expect(page.getByRole('button', { name: 'Draw polygon' })).toBeVisible();

  const drawn = urlArea(page, 'polygon').polygon!;
  expect(drawn.type).toBe('Polygon');
  const ring = drawn.coordinates[0] as Ring;
  expect(ring).toHaveLength(6); // five corners, closed (terra-draw may rewind them counterclockwise)
  expect(ring[5]).toEqual(ring[0]);
  for (const c of corners) expect(Math.min(...ring.map((v) => Math.hypot(v[0] - c[0], v[1] - c[1])))).toBeLessThan(0.005);
  const expected = count((t) => inGeometry(t.origin, drawn));
  expect(expected).toBeGreaterThan(3); // the polygon really holds some of the sample, not all of it
  expect(expected).toBeLessThan(34);
  await expect(page.getByTestId('polygon-area')).toContainText('Polygon of 5 corners');
  await expect.poll(async () => (await summary(page)).total).toBe(expected);
  const s = await summary(page);
  expect(s.weeks).toBe(weeks);
  expect(s.average.toFixed(1)).toBe((expected / weeks).toFixed(1));

  // Destination: the same polygon on the other trip end.
  await page.getByLabel('Destination').check();
  await expect.poll(async () => (await summary(page)).total).toBe(count((t) => inGeometry(t.destination, drawn)));
  await page.getByLabel('Origin').check();

  // The export is the polygon queried, to the last digit.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export GeoJSON' }).click();
  const file = await (await download).path();
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(exported.features[0].geometry).toEqual(drawn);
  await attachScreenshot(page, testInfo, 'areas-polygon', false);

  // The link reopens the same polygon and answer.
  const link = page.url();
  const other = await page.context().newPage();
  await other.goto(link);
  await expect.poll(async () => (await summary(other)).total).toBe(expected);
  // There it is editable too: a click selects it, a corner drags.
  const otherMap = await waitForMap(other);
  const project = (p: number[]) => otherMap.evaluate((el, q) => (el as unknown as { maplibreMap: { project(p: number[]): { x: number; y: number } } }).maplibreMap.project(q), p);
  const [centre, corner] = [await project([14.48, 50.06]), await project(ring[1])];
  const ob = (await otherMap.boundingBox())!;
  await other.mouse.click(ob.x + centre.x, ob.y + centre.y);
  await other.waitForTimeout(300);
  await other.mouse.move(ob.x + corner.x, ob.y + corner.y);
  await other.mouse.down();
  await other.mouse.move(ob.x + corner.x - 50, ob.y + corner.y + 30, { steps: 8 });
  await other.mouse.up();
  await expect.poll(() => JSON.stringify(urlArea(other, 'polygon').polygon)).not.toBe(JSON.stringify(drawn));
  await other.close();

  // Editing: drag a corner outwards; the answer follows the edited polygon.
  await page.mouse.move(box.x + pixels[2].x, box.y + pixels[2].y);
  await page.mouse.down();
  await page.mouse.move(box.x + pixels[2].x + 60, box.y + pixels[2].y + 60, { steps: 8 });
  await page.mouse.up();
  await expect.poll(() => JSON.stringify(urlArea(page, 'polygon').polygon)).not.toBe(JSON.stringify(drawn));
  const edited = urlArea(page, 'polygon').polygon!;
  expect(edited.coordinates[0]).toHaveLength(6);
  await expect.poll(async () => (await summary(page)).total).toBe(count((t) => inGeometry(t.origin, edited)));
  consoleErrors.assertNone();
});

test('Escape cancels a polygon being drawn', async ({ page }) => {
  await page.goto('/?region=Prague&density=off');
  const map = await waitForMap(page);
  const box = (await map.boundingBox())!;
  await page.getByRole('button', { name: 'Draw polygon' }).click();
  await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.4);
  await page.waitForTimeout(150);
  await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.4);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Draw polygon' })).toBeVisible();
  await expect(page).not.toHaveURL(/polygon=/);
  await expect(page).toHaveURL(/region=Prague/);
});

test('zones from a GeoJSON file: table and choropleth, a zone as the area, From one zone To another', async ({ page }, testInfo) => {
  const consoleErrors = guardConsole(page);
  await page.goto('/?region=Prague&density=off');
  await waitForMap(page);
  const geo = JSON.parse(fs.readFileSync(ZONES_FILE, 'utf8')) as { features: { geometry: Geometry }[] };
  const [west, east] = geo.features.map((f) => f.geometry);
  const expected = [
    { name: 'West bank', trips: count((t) => inGeometry(t.origin, west)) },
    { name: 'East side', trips: count((t) => inGeometry(t.origin, east)) },
  ].sort((a, b) => b.trips - a.trips || 0);
  expect(expected.every((z) => z.trips > 0)).toBe(true);

  await page.getByTestId('zones-file').setInputFiles(ZONES_FILE);
  const table = page.getByTestId('zones-table');
  // Sorted by weekly average, largest first.
  const rows = () => table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent!.trim())));
  await expect.poll(rows).toEqual(expected.map((z) => [z.name, String(z.trips), en.format(z.trips / weeks)]));
  await expect(page.getByTestId('zone-legend')).toBeVisible();
  // Sort by name.
  await table.getByRole('button', { name: /^Zone/ }).click();
  await expect.poll(async () => (await rows()).map((r) => r[0])).toEqual(['East side', 'West bank']);

  // The CSV holds the table.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export zones CSV' }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  expect(csv.split('\n')[0]).toBe('zone,trips,weekly_average');
  for (const z of expected) expect(csv).toContain(`${z.name},${z.trips},${z.trips / weeks}`);

  // A click on a zone on the map selects it as the area.
  const map = page.getByTestId('trip-map');
  const eastPoint = await map.evaluate((el) => (el as unknown as { maplibreMap: { project(p: number[]): { x: number; y: number } } }).maplibreMap.project([14.54, 50.1]));
  const mapBox = (await map.boundingBox())!;
  await page.mouse.click(mapBox.x + eastPoint.x, mapBox.y + eastPoint.y);
  await expect(page.getByTestId('polygon-area')).toContainText('East side');

  // A row selects its zone as the area.
  await table.getByRole('button', { name: 'West bank' }).click();
  await expect(page.getByTestId('polygon-area')).toContainText('West bank');
  expect(urlArea(page, 'polygon').name).toBe('West bank');
  await expect.poll(async () => (await summary(page)).total).toBe(expected.find((z) => z.name === 'West bank')!.trips);
  await attachScreenshot(page, testInfo, 'areas-zones', false);

  // From West bank To East side.
  const od = count((t) => inGeometry(t.origin, west) && inGeometry(t.destination, east));
  await page.getByRole('button', { name: 'Use the selected area as From' }).click();
  await table.getByRole('button', { name: 'East side' }).click();
  await page.getByRole('button', { name: 'Use the selected area as To' }).click();
  await expect(page.getByTestId('od-from')).toContainText('West bank');
  await expect(page.getByTestId('od-to')).toContainText('East side');
  await expect.poll(async () => (await summary(page, 'od-result')).total).toBe(od);
  expect(urlArea(page, 'orig').name).toBe('West bank');
  expect(urlArea(page, 'dest').name).toBe('East side');
  await attachScreenshot(page, testInfo, 'areas-from-to', false);

  // Nothing overflows on a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalOverflow(page);
  await attachScreenshot(page, testInfo, 'areas-390', true);
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectNoHorizontalOverflow(page);
  consoleErrors.assertNone();
});

test('a file that is not a zone collection gets a clear message', async ({ page }) => {
  await page.goto('/');
  await waitForMap(page);
  const input = page.getByTestId('zones-file');
  await input.setInputFiles({ name: 'broken.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('{"type": "FeatureCollection", ') });
  await expect(page.getByTestId('zones-error')).toHaveText('broken.geojson: The file is not valid JSON.');
  await input.setInputFiles({ name: 'points.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [14.4, 50] } }] })) });
  await expect(page.getByTestId('zones-error')).toHaveText('points.geojson: The file has no Polygon or MultiPolygon features.');
  await expect(page.getByTestId('zones-table')).toHaveCount(0);

  // Dropped on the panel, a good file replaces the message with its zones.
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'prague-zones.geojson', { type: 'application/geo+json' }));
    return dt;
  }, fs.readFileSync(ZONES_FILE, 'utf8'));
  await page.getByTestId('zones-dropzone').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('zones-table').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('zones-error')).toHaveCount(0);
});
