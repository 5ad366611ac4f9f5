// The explorer's map on the sample: the density layer with its legend (top value = the API's
// busiest cell), Match following the density side and disabled for regions, similar-trip lines
// with their details, and a copied link that reopens the same view.
// (Named to run after story.spec.ts, which expects the sample's first upload to be its own.)
import { expect, test } from '@playwright/test';
import { attachScreenshot, ensureSample, guardConsole, readBoxInputs, waitForMap } from './helpers';

test.beforeAll(async ({ request }) => {
  await ensureSample(request);
});

const PRAGUE_BOX = '14.39,50.05,14.47,50.1';

test('the density layer and its legend show where the trips are', async ({ page, request }, testInfo) => {
  const consoleErrors = guardConsole(page);
  await page.goto('/?region=Prague');
  const map = await waitForMap(page);
  const legend = page.getByTestId('density-legend');
  await expect(legend).toBeVisible();
  // Let the map settle (fit to Prague), then compare the legend with the API's answer for the
  // view the page asked about last.
  await page.waitForLoadState('networkidle');
  const urls = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/api/density?')));
  const last = urls[urls.length - 1];
  expect(new URL(last).searchParams.get('match')).toBe('origin');
  const api = (await (await request.get(last)).json()) as { cells: { trips: number }[]; totalTrips: number };
  expect(api.cells.length).toBeGreaterThan(0);
  const max = Math.max(...api.cells.map((c) => c.trips));
  await expect(legend).toHaveAttribute('data-max', String(max));
  await expect(legend.getByTestId('density-legend-value').last()).toHaveText(new Intl.NumberFormat('en-US').format(max));
  expect(api.cells.reduce((s, c) => s + c.trips, 0)).toBe(api.totalTrips);
  await attachScreenshot(page, testInfo, 'explorer-density', false);

  // The layer really draws: the map looks different without it.
  const withDensity = await map.screenshot();
  await page.getByLabel('Density').uncheck();
  await expect(legend).toHaveCount(0);
  await expect(page).toHaveURL(/density=off/);
  await expect.poll(async () => Buffer.compare(await map.screenshot(), withDensity)).not.toBe(0);
  await page.getByLabel('Density').check();
  await expect(legend).toBeVisible();
  consoleErrors.assertNone();
});

test('density follows Match: destinations when Match is Destination', async ({ page }) => {
  await page.goto(`/?bbox=${PRAGUE_BOX}`);
  await waitForMap(page);
  await expect(page.getByTestId('density-legend')).toContainText('origins');
  const dest = page.waitForResponse((r) => r.url().includes('/api/density?') && new URL(r.url()).searchParams.get('match') === 'destination');
  await page.getByLabel('Destination').check();
  expect((await dest).ok()).toBe(true);
  await expect(page.getByTestId('density-legend')).toContainText('destinations');
});

test('Match is disabled with a hint while a region is picked', async ({ page }) => {
  const consoleErrors = guardConsole(page);
  await page.goto('/');
  await waitForMap(page);
  const match = page.getByRole('group', { name: /Trips whose/ });
  await expect(match.getByRole('radio')).toHaveCount(3);
  for (const radio of await match.getByRole('radio').all()) await expect(radio).toBeEnabled();
  await page.getByLabel('Region').selectOption('Prague');
  for (const radio of await match.getByRole('radio').all()) await expect(radio).toBeDisabled();
  await expect(page.getByTestId('match-hint')).toContainText('region counts every trip');
  // A box makes Match meaningful again.
  const [w, s, e, n] = PRAGUE_BOX.split(',');
  for (const [label, v] of [['West', w], ['South', s], ['East', e], ['North', n]]) await page.getByLabel(label, { exact: true }).fill(v);
  await page.getByRole('button', { name: 'Apply box' }).click();
  for (const radio of await match.getByRole('radio').all()) await expect(radio).toBeEnabled();
  await expect(page.getByTestId('match-hint')).toHaveCount(0);
  consoleErrors.assertNone();
});

test('similar trips: groups of two or more, a width legend, details on a click of the list or the line', async ({ page }, testInfo) => {
  const consoleErrors = guardConsole(page);
  // The sample's 100 trips make no group at the store's ~1 km cells and one hour: it says so.
  await page.goto('/?region=Prague');
  await expect(page.getByTestId('similar-none')).toContainText('No groups of two or more similar trips here.');
  // Coarser cells and buckets find groups.
  const answer = page.waitForResponse((r) => r.url().includes('/api/similar-trips?') && r.url().includes('precision=4') && r.url().includes('bucketMinutes=360'));
  await page.getByLabel('Cells').selectOption('4');
  await page.getByLabel('Time of day').selectOption('360');
  await expect(page).toHaveURL(/cells=4&bucket=360/);
  await waitForMap(page);
  const { groups } = (await (await answer).json()) as { groups: { trips: number; origin: { geohash: string }; destination: { geohash: string }; bucket: { label: string } }[] };
  const list = page.getByTestId('similar-trips-list');
  expect(groups.length).toBeGreaterThan(0);
  expect(Math.min(...groups.map((g) => g.trips))).toBeGreaterThanOrEqual(2);
  await expect(list.locator('li')).toHaveCount(groups.length);
  await expect(page.getByTestId('similar-legend')).toContainText(`${groups[groups.length - 1].trips} trips`);

  const i = Math.max(0, groups.findIndex((g) => g.origin.geohash !== g.destination.geohash));
  const g = groups[i];
  await list.getByRole('button').nth(i).click();
  const popup = page.getByTestId('similar-popup');
  await expect(popup).toContainText(`Trips: ${g.trips}`);
  await expect(popup).toContainText(`Time of day: ${g.bucket.label}`);
  await expect(popup).toContainText(`From cell: ${g.origin.geohash}`);
  await expect(popup).toContainText(`To cell: ${g.destination.geohash}`);
  await attachScreenshot(page, testInfo, 'explorer-similar-popup', false);
  if (g.origin.geohash === g.destination.geohash) return; // no line to click
  // The popup's tip points at the middle of the line: close it and click there on the map.
  const tip = (await page.locator('.maplibregl-popup-tip').boundingBox())!;
  await page.locator('.maplibregl-popup-close-button').click();
  await expect(popup).toHaveCount(0);
  await page.mouse.click(tip.x + tip.width / 2, tip.y + tip.height + 1);
  await expect(popup).toContainText(`From cell: ${g.origin.geohash}`);
  consoleErrors.assertNone();
});

test('Copy link reopens the same explorer view and the same report window', async ({ page, context, browser }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`/?bbox=${PRAGUE_BOX}&match=destination`);
  const map = await waitForMap(page);
  await page.getByLabel('From', { exact: true }).fill('2018-05-07');
  await page.getByLabel('To', { exact: true }).fill('2018-05-28');
  // Move the map: the camera goes into the URL.
  const r = (await map.boundingBox())!;
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width / 2 + 80, r.y + r.height / 2 + 40, { steps: 5 });
  await page.mouse.up();
  await expect(page).toHaveURL(/center=[-\d.]+%2C[-\d.]+&zoom=[\d.]+/);
  await expect(page).toHaveURL(/from=2018-05-07&to=2018-05-28/);
  const summary = await page.getByTestId('result-summary').textContent();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(page.url());

  const other = await browser.newPage();
  await other.goto(link);
  await waitForMap(other);
  expect(await readBoxInputs(other)).toEqual(PRAGUE_BOX.split(',').map(Number));
  await expect(other.getByLabel('Destination')).toBeChecked();
  await expect(other.getByLabel('From', { exact: true })).toHaveValue('2018-05-07');
  await expect(other.getByLabel('To', { exact: true })).toHaveValue('2018-05-28');
  await expect(other.getByTestId('result-summary')).toHaveText(summary!);
  // The map opens at the copied camera (and so writes the same camera back).
  const camera = (u: string) => [new URL(u).searchParams.get('center'), new URL(u).searchParams.get('zoom')];
  await expect.poll(() => camera(other.url())).toEqual(camera(link));
  await other.close();

  await page.goto('/reports');
  await page.getByLabel('From', { exact: true }).fill('2018-05-07');
  await expect(page).toHaveURL(/\/reports\?from=2018-05-07$/);
  await page.getByRole('button', { name: 'Copy link' }).click();
  const reportLink = await page.evaluate(() => navigator.clipboard.readText());
  const again = await browser.newPage();
  await again.goto(reportLink);
  await expect(again.getByLabel('From', { exact: true })).toHaveValue('2018-05-07');
  await expect(again.getByTestId('region-report').first()).toContainText('2018-05-07 to');
  await again.close();
});

test('overlays survive a basemap style switch', async ({ page }) => {
  const consoleErrors = guardConsole(page);
  await page.goto('/?region=Prague&cells=4&bucket=360');
  const map = await waitForMap(page);
  await expect(page.getByTestId('density-legend')).toBeVisible();
  await expect(page.getByTestId('similar-trips-list').locator('li').first()).toBeVisible();
  const OVERLAY_LAYERS = ['density-fill', 'regions-line', 'selection-fill', 'selection-line', 'draft-fill', 'draft-line', 'similar-lines', 'similar-ends'];
  type Probe = { layers: string[]; features: Record<string, number> };
  const probe = () =>
    map.evaluate((el, ids): Probe => {
      type GeoSource = { serialize(): { data: GeoJSON.FeatureCollection } };
      const m = (el as unknown as { maplibreMap: { getStyle(): { layers: { id: string }[] }; getSource(id: string): GeoSource | undefined } }).maplibreMap;
      const layers = m.getStyle().layers.map((l) => l.id).filter((id) => ids.includes(id));
      const count = (id: string) => m.getSource(id)?.serialize().data.features?.length ?? -1;
      return { layers, features: { density: count('density'), selection: count('selection'), similar: count('similar'), regions: count('regions') } };
    }, OVERLAY_LAYERS);
  const before = await probe();
  expect(before.layers).toEqual(OVERLAY_LAYERS); // every overlay, density at the bottom
  expect(Math.min(...Object.values(before.features))).toBeGreaterThan(0);

  // Another basemap (a plain background): the overlays come back, with their data, in order.
  await map.evaluate((el) => {
    const m = (el as unknown as { maplibreMap: { setStyle(s: unknown, o: { diff: boolean }): void } }).maplibreMap;
    m.setStyle({ version: 8, sources: {}, layers: [{ id: 'plain', type: 'background', paint: { 'background-color': '#e8e4da' } }] }, { diff: false });
  });
  await expect.poll(probe).toEqual(before);
  consoleErrors.assertNone();
});

test('Escape cancels a box being drawn', async ({ page }) => {
  await page.goto('/');
  const map = await waitForMap(page);
  await page.getByRole('button', { name: 'Draw box' }).click();
  await expect(map).toHaveAttribute('data-drawing', 'true');
  const r = (await map.boundingBox())!;
  await page.mouse.move(r.x + r.width * 0.4, r.y + r.height * 0.4);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width * 0.6, r.y + r.height * 0.6, { steps: 4 });
  await page.keyboard.press('Escape');
  await page.mouse.up();
  await expect(map).toHaveAttribute('data-drawing', 'false');
  await expect(page.getByRole('button', { name: 'Draw box' })).toBeVisible();
  await expect(page).not.toHaveURL(/bbox=/);
  await expect(page.getByLabel('West', { exact: true })).toHaveValue('');
});
