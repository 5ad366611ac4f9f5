// The offline basemap renders from the app's own assets: no request leaves this machine.
import { expect, test } from '@playwright/test';
import { attachScreenshot, guardConsole, guardRemoteRequests, waitForMap } from './helpers';

test.skip(Boolean(process.env.MAP_PMTILES), 'MAP_PMTILES replaces the offline basemap');

test('the offline basemap renders without remote requests', async ({ page }, testInfo) => {
  const remote = guardRemoteRequests(page);
  const consoleErrors = guardConsole(page);
  const basemap = page.waitForResponse((r) => r.url().endsWith('/basemap/countries.geojson'));
  await page.goto('/');
  expect((await basemap).status()).toBe(200);
  const map = await waitForMap(page);
  const canvas = map.locator('canvas.maplibregl-canvas');
  await expect(canvas).toBeVisible();
  const size = await canvas.evaluate((c: HTMLCanvasElement) => ({ w: c.width, h: c.height, webgl: Boolean(c.getContext('webgl2')) }));
  expect(size.w).toBeGreaterThan(100);
  expect(size.h).toBeGreaterThan(100);
  expect(size.webgl).toBe(true);
  // The rendered map is not a blank canvas: land and sea give different colours.
  const png = await map.screenshot();
  expect(png.length).toBeGreaterThan(5_000);
  await attachScreenshot(page, testInfo, 'explorer-basemap', false);
  remote.assertNone();
  consoleErrors.assertNone();
});
