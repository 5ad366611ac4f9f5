// Smoke: every page answers and shows its main controls; the explorer also on a narrow screen.
import { expect, test } from '@playwright/test';
import { attachScreenshot, guardConsole } from './helpers';

test('the explorer loads with its controls', async ({ page }, testInfo) => {
  const consoleErrors = guardConsole(page);
  const res = await page.goto('/');
  expect(res?.status()).toBe(200);
  await expect(page).toHaveTitle('Trip Atlas');
  await expect(page.getByRole('button', { name: 'Draw box' })).toBeVisible();
  for (const label of ['West', 'South', 'East', 'North']) await expect(page.getByLabel(label, { exact: true })).toBeVisible();
  await expect(page.getByLabel('Region')).toBeVisible();
  await expect(page.getByRole('group', { name: /Trips whose/ })).toBeVisible();
  await attachScreenshot(page, testInfo, 'explorer-empty', false);
  consoleErrors.assertNone();
});

test('the explorer works on a narrow screen', async ({ page }, testInfo) => {
  const consoleErrors = guardConsole(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await expect(page.getByTestId('trip-map')).toBeVisible();
  await expect(page.getByLabel('West', { exact: true })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await attachScreenshot(page, testInfo, 'explorer-narrow');
  consoleErrors.assertNone();
});

test('admin asks for a login and rejects a wrong password', async ({ page }, testInfo) => {
  await page.goto('/admin');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong password' })).toBeVisible();
  await attachScreenshot(page, testInfo, 'admin-login');
});

test('reports page loads', async ({ page }) => {
  const consoleErrors = guardConsole(page);
  await page.goto('/reports');
  await expect(page.getByRole('heading', { name: 'Reports' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Insights' })).toBeVisible();
  consoleErrors.assertNone();
});
