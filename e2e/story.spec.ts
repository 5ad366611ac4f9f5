// The end-to-end story on a fresh database: an admin uploads the sample CSV and watches it load;
// an analyst draws and types a box around central Prague and reads the weekly average (checked
// against numbers this test computes from the CSV); the URL restores the state; reports show
// the three regions.
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import {
  ADMIN_PASSWORD,
  SAMPLE_CSV,
  attachScreenshot,
  expectedForBox,
  expectNoHorizontalOverflow,
  guardConsole,
  guardRemoteRequests,
  parseSummary,
  readBoxInputs,
  readTrips,
  waitForMap,
  type Box,
} from './helpers';

test.describe.configure({ mode: 'serial' });

const trips = readTrips();

async function expectSummaryFor(page: Page, box: Box) {
  const want = expectedForBox(trips, box);
  expect(want.total, 'the box should hold some trips').toBeGreaterThan(0);
  const summary = page.getByTestId('result-summary');
  await expect(summary).toContainText(`(${want.total} trips over ${want.weeks} weeks, from ${want.from} to ${want.to})`);
  const got = parseSummary((await summary.textContent()) ?? '');
  // One decimal, as people read it.
  expect(Math.abs(got.average - want.average)).toBeLessThanOrEqual(0.05 + 1e-9);
  // One bar (and one table row) per week of the window.
  await expect(page.getByTestId('week-row')).toHaveCount(want.weeks);
  await expect(page.locator('[data-testid="weekly-chart"] .recharts-bar-rectangle')).toHaveCount(want.weeks);
  return got;
}

test('admin uploads the sample, analyst explores Prague, reports show three regions', async ({ page }, testInfo) => {
  test.setTimeout(300_000); // a long story; SwiftShader WebGL on a busy 2-core runner is slow
  const remote = guardRemoteRequests(page);
  const consoleErrors = guardConsole(page);

  await test.step('log in', async () => {
    await page.goto('/admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Upload trips' })).toBeVisible();
    await expect(page.getByTestId('connection')).toHaveText('Live updates on');
  });

  await test.step('drop the sample CSV and watch it load without a reload', async () => {
    const content = fs.readFileSync(SAMPLE_CSV, 'utf8');
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'sample-trips.csv', { type: 'text/csv' }));
      return dt;
    }, content);
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
    const job = page.getByTestId('job-progress').filter({ hasText: 'sample-trips.csv' });
    await expect(job).toBeVisible();
    await expect(job).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
    await expect(job.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    await expect(job).toContainText('100 rows');
    await expect(page.getByTestId('job-history')).toContainText('sample-trips.csv');
    await attachScreenshot(page, testInfo, 'admin');
  });

  let drawn: Box;
  await test.step('draw a box around central Prague with the mouse', async () => {
    await page.goto('/');
    const map = await waitForMap(page);
    await page.getByLabel('Region').selectOption('Prague');
    await expect(page).toHaveURL(/region=Prague/);
    await expect(page.getByTestId('result-summary')).toContainText('(34 trips over');
    await page.getByRole('button', { name: 'Draw box' }).click();
    const r = (await map.boundingBox())!;
    await page.mouse.move(r.x + r.width * 0.35, r.y + r.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(r.x + r.width * 0.5, r.y + r.height * 0.5, { steps: 5 });
    await page.mouse.move(r.x + r.width * 0.7, r.y + r.height * 0.75, { steps: 5 });
    await page.mouse.up();
    await expect(page).toHaveURL(/bbox=/);
    drawn = await readBoxInputs(page);
    // Central Prague, roughly: the box lies inside the city's extent.
    expect(drawn[0]).toBeGreaterThan(14.3);
    expect(drawn[2]).toBeLessThan(14.7);
    expect(drawn[1]).toBeGreaterThan(49.98);
    expect(drawn[3]).toBeLessThan(50.13);
    await expectSummaryFor(page, drawn);
    // 100 sample trips make no group of two at ~1 km and one hour: coarser cells and buckets do.
    await expect(page.getByTestId('similar-none')).toBeVisible();
    await page.getByLabel('Cells').selectOption('4');
    await page.getByLabel('Time of day').selectOption('360');
    await expect(page.getByTestId('similar-trips-list').locator('li').first()).toBeVisible();
    await attachScreenshot(page, testInfo, 'explorer-drawn', false);
  });

  await test.step('reload restores the same state', async () => {
    const before = await page.getByTestId('result-summary').textContent();
    await page.reload();
    await waitForMap(page);
    expect(await readBoxInputs(page)).toEqual(drawn);
    await expect(page.getByTestId('result-summary')).toHaveText(before!);
  });

  await test.step('type a box around central Prague', async () => {
    const typed: Box = [14.39, 50.05, 14.47, 50.1];
    for (const [label, value] of [['West', typed[0]], ['South', typed[1]], ['East', typed[2]], ['North', typed[3]]] as const) {
      await page.getByLabel(label, { exact: true }).fill(String(value));
    }
    await page.getByLabel('North', { exact: true }).press('Enter');
    await expect(page).toHaveURL(new RegExp(`bbox=${typed.join('%2C')}`));
    await expectSummaryFor(page, typed);
    await attachScreenshot(page, testInfo, 'explorer-typed', false);
    await page.reload();
    await waitForMap(page);
    expect(await readBoxInputs(page)).toEqual(typed);
    await expectSummaryFor(page, typed);
  });

  await test.step('match destination, hover a similar trip, export the weekly CSV', async () => {
    const typed: Box = [14.39, 50.05, 14.47, 50.1];
    await page.getByLabel('Destination').check();
    await expect(page).toHaveURL(/match=destination/);
    const want = expectedForBox(trips, typed, 'destination');
    await expect(page.getByTestId('result-summary')).toContainText(`(${want.total} trips over ${want.weeks} weeks`);

    const first = page.getByTestId('similar-trips-list').getByRole('button').first();
    await first.hover();
    await expect(first).toHaveClass(/active/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export weekly CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('week_start,trips');
    expect(csv).toHaveLength(want.weeks + 1);
    expect(csv.slice(1).reduce((sum, line) => sum + Number(line.split(',')[1]), 0)).toBe(want.total);

    await page.getByLabel('Origin').check();
    await expect(page).not.toHaveURL(/match=/);
  });

  await test.step('narrow screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByTestId('result-summary')).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await attachScreenshot(page, testInfo, 'explorer-narrow-with-data');
    await page.setViewportSize({ width: 1366, height: 860 });
  });

  await test.step('Shift-drag also sets a box', async () => {
    const map = page.getByTestId('trip-map');
    const r = (await map.boundingBox())!;
    await page.keyboard.down('Shift');
    await page.mouse.move(r.x + r.width * 0.4, r.y + r.height * 0.4);
    await page.mouse.down();
    await page.mouse.move(r.x + r.width * 0.6, r.y + r.height * 0.6, { steps: 6 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect.poll(async () => (await readBoxInputs(page)).join(',')).not.toBe('14.39,50.05,14.47,50.1');
    const shifted = await readBoxInputs(page);
    expect(shifted[0]).toBeGreaterThan(14.39);
    expect(shifted[2]).toBeLessThan(14.47);
  });

  await test.step('reports show the three regions', async () => {
    await page.getByRole('link', { name: 'Reports' }).click();
    const cards = page.getByTestId('region-report');
    await expect(cards).toHaveCount(3);
    for (const name of ['Turin', 'Prague', 'Hamburg']) await expect(cards.filter({ hasText: name }).getByTestId('region-total')).toBeVisible();
    await expect(cards.filter({ hasText: 'Prague' }).getByTestId('region-total')).toHaveText('34');
    await expect(page.getByTestId('insight-cheap-mobile')).toContainText('Hamburg, Prague, Turin');
    await expect(page.getByTestId('insight-latest')).toContainText('pt_search_app');
    await attachScreenshot(page, testInfo, 'reports');
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoHorizontalOverflow(page);
    await attachScreenshot(page, testInfo, 'reports-narrow');
    await page.goto('/admin');
    await expect(page.getByTestId('job-history')).toContainText('sample-trips.csv');
    await expectNoHorizontalOverflow(page);
    await attachScreenshot(page, testInfo, 'admin-narrow');
  });

  remote.assertNone();
  consoleErrors.assertNone();
});
