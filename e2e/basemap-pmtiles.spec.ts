// With MAP_PMTILES set (e.g. an extract made by lib/testing/pmtiles-writer.ts), the explorer
// draws the extract served by the app itself: range requests to /api/basemap/extract.pmtiles,
// no request leaves this machine, and the attribution credits OpenStreetMap.
// Run: MAP_PMTILES=/tmp/extract.pmtiles E2E_PORT=... npx playwright test e2e/basemap-pmtiles.spec.ts
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
