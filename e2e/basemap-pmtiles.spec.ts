// With MAP_PMTILES set (e.g. the Prague extract of scripts/make_test_extract.ts), the explorer
// draws the extract served by the app itself: range requests to /api/basemap/extract.pmtiles,
// labels drawn with the fonts the app serves, no request leaves this machine, and the
// attribution credits OpenStreetMap.
// Run: node --import tsx scripts/make_test_extract.ts /tmp/extract.pmtiles &&
//      MAP_PMTILES=/tmp/extract.pmtiles E2E_PORT=... npx playwright test e2e/basemap-pmtiles.spec.ts
import { expect, test } from '@playwright/test';
import { attachScreenshot, guardRemoteRequests, waitForMap } from './helpers';

test.skip(!process.env.MAP_PMTILES, 'needs MAP_PMTILES');

test('the map loads the PMTiles extract through range requests, nothing remote', async ({ page }, testInfo) => {
  const remote = guardRemoteRequests(page);
  const ranged = page.waitForResponse((r) => r.url().includes('/api/basemap/extract.pmtiles') && r.status() === 206);
  await page.goto('/');
  expect((await ranged).headers()['content-range']).toMatch(/^bytes \d+-\d+\/\d+$/);
  await waitForMap(page);
  await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText('OpenStreetMap');
  await attachScreenshot(page, testInfo, 'explorer-basemap-pmtiles', false);
  remote.assertNone();
});

test('place names of the extract are drawn with the fonts the app serves', async ({ page }, testInfo) => {
  const remote = guardRemoteRequests(page);
  const font = page.waitForResponse((r) => /\/basemap\/fonts\/noto-sans-latin-[\w-]+\.woff2$/.test(r.url()) && r.status() === 200);
  await page.goto('/');
  const map = await waitForMap(page);
  await font;
  // Symbol features are "rendered" only once their text is placed, i.e. drawn with glyphs.
  // The label text is that of the extract (made by scripts/make_test_extract.ts).
  await expect.poll(() => map.evaluate((el) => {
    const m = (el as unknown as { maplibreMap: { queryRenderedFeatures(o: object): { layer: { id: string }; properties: Record<string, unknown> }[] } }).maplibreMap;
    return m.queryRenderedFeatures({ layers: ['places_locality'] }).map((f) => f.properties['name:en'] ?? f.properties.name);
  }), { timeout: 30_000 }).toContain('Prague');
  await attachScreenshot(page, testInfo, 'explorer-basemap-pmtiles-labels', false);
  remote.assertNone();
});
