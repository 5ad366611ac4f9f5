// Numbers and dates for people on the sample: no long decimals on the explorer or reports, report
// cards that hold their figures at 1366 px, nothing wider than the screen at 1280 and 390 px,
// partial weeks marked with a "full weeks only" switch, the login's password hint; a screenshot
// of each page. (Named to run after story.spec.ts, see trip-map.spec.ts.)
import { expect, test, type Page } from '@playwright/test';
import { attachScreenshot, ensureSample, expectNoHorizontalOverflow, guardConsole, longDecimals, waitForMap } from './helpers';

test.beforeAll(async ({ request }) => {
  await ensureSample(request);
});

async function expectCardsHoldTheirFigures(page: Page) {
  const cards = page.getByTestId('region-report');
  await expect(cards).toHaveCount(3);
  await expect(cards.getByTestId('region-average')).toHaveCount(3);
  const overflowing = await cards.evaluateAll((els) =>
    els.flatMap((card) => {
      const box = card.getBoundingClientRect();
      const out = [...card.querySelectorAll('dd, dt, p, h3')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.right > box.right + 0.5 || r.left < box.left - 0.5 || el.scrollWidth > el.clientWidth + 1;
      });
      return out.map((el) => `${card.querySelector('h3')?.textContent}: ${el.textContent}`);
    }),
  );
  expect(overflowing).toEqual([]);
}

test('the explorer prints no long decimals, marks partial weeks and moves to full weeks', async ({ page }, testInfo) => {
  const consoleErrors = guardConsole(page);
  await page.goto('/?region=Prague');
  await waitForMap(page);
  const summary = page.getByTestId('result-summary');
  // 34 trips over 5 weeks (2018-04-30 to 2018-06-04): 6.8, one decimal.
  await expect(summary).toHaveText(/^6\.8 trips per week on average \(34 trips over 5 weeks, from 2018-04-30 to 2018-06-04\)/);
  await expect(summary).toContainText('2 partial weeks');
  await page.getByText('Show as table').click();
  await expect(page.locator('[data-testid="week-row"][data-partial]')).toHaveCount(2);
  await expect(page.locator('[data-testid="week-row"][data-partial]').first()).toContainText('2018-04-30 (partial)');
  await expect(page.getByTestId('weekly-chart')).toContainText('Trips per week'); // the y-axis label
  expect(await longDecimals(page)).toEqual([]);
  await attachScreenshot(page, testInfo, 'explorer-region', false);

  // Full weeks only: the window moves past the partial first week and before the partial last.
  await page.getByLabel('Full weeks only').check();
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('2018-05-07');
  await expect(page.getByLabel('To', { exact: true })).toHaveValue('2018-05-28');
  await expect(summary).toContainText('over 3 weeks, from 2018-05-07 to 2018-05-28)');
  await expect(summary).not.toContainText('partial');
  await expect(page.locator('[data-testid="week-row"][data-partial]')).toHaveCount(0);
  await page.getByLabel('Full weeks only').uncheck();
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('');

  await page.goto('/?bbox=14.39,50.05,14.47,50.1');
  await expect(summary).toBeVisible();
  expect(await longDecimals(page)).toEqual([]);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 844 });
    await expectNoHorizontalOverflow(page);
  }
  await attachScreenshot(page, testInfo, 'explorer-box-narrow');
  consoleErrors.assertNone();
});

test('reports: no long decimals, cards hold their figures at 1366 px, nothing overflows at 1280 or 390 px', async ({ page }, testInfo) => {
  const consoleErrors = guardConsole(page);
  await page.goto('/reports');
  await expectCardsHoldTheirFigures(page);
  // Turin: 38 trips over 5 weeks.
  await expect(page.getByTestId('region-report').filter({ hasText: 'Turin' }).getByTestId('region-average')).toHaveText('7.6');
  expect(await longDecimals(page)).toEqual([]);
  await attachScreenshot(page, testInfo, 'reports-1366');
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 844 });
    await expectNoHorizontalOverflow(page);
    await expectCardsHoldTheirFigures(page);
  }
  await attachScreenshot(page, testInfo, 'reports-390');
  consoleErrors.assertNone();
});

test('the admin login says where the password comes from', async ({ page }, testInfo) => {
  await page.goto('/login');
  await expect(page.getByTestId('password-source')).toContainText('ADMIN_PASSWORD');
  await expect(page.getByTestId('password-source')).toContainText('prints it once in its log');
  // The very words the server logs (lib/auth/admin-auth.ts), so an admin can search the log for them.
  await expect(page.getByTestId('password-source')).toContainText('Admin password (generated, shown only this once)');
  await attachScreenshot(page, testInfo, 'login');
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalOverflow(page);
});
