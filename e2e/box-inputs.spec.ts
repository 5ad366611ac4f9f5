// Bad input in the coordinate fields gives inline errors and never reaches the API.
import { expect, test } from '@playwright/test';
import { attachScreenshot, guardConsole } from './helpers';

test('invalid coordinates show inline errors and send no request', async ({ page }, testInfo) => {
  const consoleErrors = guardConsole(page);
  const areaRequests: string[] = [];
  page.on('request', (r) => {
    if (/\/api\/(weekly-average|similar-trips)/.test(r.url())) areaRequests.push(r.url());
  });
  await page.goto('/');
  const west = page.getByLabel('West', { exact: true });
  const south = page.getByLabel('South', { exact: true });
  const east = page.getByLabel('East', { exact: true });
  const north = page.getByLabel('North', { exact: true });
  const apply = page.getByRole('button', { name: 'Apply box' });

  // Empty fields.
  await apply.click();
  await expect(page.locator('#box-west-error')).toHaveText('Required');

  // Not a number.
  await west.fill('abc');
  await south.fill('50.05');
  await east.fill('14.47');
  await north.fill('50.1');
  await apply.click();
  await expect(page.locator('#box-west-error')).toHaveText('Enter a number, e.g. 14.42');
  await expect(west).toHaveAttribute('aria-invalid', 'true');

  // Out of range.
  await west.fill('14.39');
  await north.fill('95');
  await north.press('Enter');
  await expect(page.locator('#box-north-error')).toHaveText('Latitude must be between -90 and 90');

  // West east of East.
  await north.fill('50.1');
  await west.fill('14.5');
  await apply.click();
  await expect(page.getByTestId('box-error')).toHaveText('West must be less than East');
  await attachScreenshot(page, testInfo, 'box-input-errors', false);

  // South north of North.
  await west.fill('14.39');
  await south.fill('50.2');
  await apply.click();
  await expect(page.getByTestId('box-error')).toHaveText('South must be less than North');

  expect(areaRequests).toEqual([]);
  await expect(page).not.toHaveURL(/bbox=/);

  // Fixing the input applies the box.
  await south.fill('50.05');
  await apply.click();
  await expect(page).toHaveURL(/bbox=14.39%2C50.05%2C14.47%2C50.1/);
  await expect(page.getByTestId('box-error')).toHaveCount(0);
  await expect.poll(() => areaRequests.length).toBeGreaterThan(0);
  consoleErrors.assertNone();
});

test('a malformed bbox in the URL is ignored', async ({ page }) => {
  const consoleErrors = guardConsole(page);
  await page.goto('/?bbox=1,2,oops&match=sideways');
  await expect(page.getByLabel('West', { exact: true })).toHaveValue('');
  await expect(page.getByText('Draw a box, type coordinates or pick a region')).toBeVisible();
  await expect(page.getByLabel('Origin')).toBeChecked();
  consoleErrors.assertNone();
});
