// Bad input in the coordinate fields gives inline errors and never reaches the API.
import { expect, test } from '@playwright/test';
import { attachScreenshot, guardConsole, readBoxInputs, waitForMap } from './helpers';

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

  // West equal to East (West > East is a box across the antimeridian: see below).
  await north.fill('50.1');
  await west.fill('14.47');
  await apply.click();
  await expect(page.getByTestId('box-error')).toHaveText('West and East must differ');
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

test('a box typed across the antimeridian is drawn near Fiji and answered', async ({ page }) => {
  const consoleErrors = guardConsole(page);
  await page.goto('/');
  await page.getByLabel('West', { exact: true }).fill('170');
  await page.getByLabel('South', { exact: true }).fill('-20');
  await page.getByLabel('East', { exact: true }).fill('-170');
  await expect(page.getByTestId('box-antimeridian')).toContainText('crosses the antimeridian');
  await page.getByLabel('North', { exact: true }).fill('-10');
  const answer = page.waitForResponse((r) => r.url().includes('/api/weekly-average?') && r.url().includes('bbox=170%2C-20%2C-170%2C-10'));
  await page.getByRole('button', { name: 'Apply box' }).click();
  await expect(page).toHaveURL(/bbox=170%2C-20%2C-170%2C-10/);
  const res = await answer;
  expect(res.status()).toBe(200);
  expect((await res.json()).area).toEqual({ bbox: [170, -20, -170, -10] });
  await expect(page.getByTestId('result-summary')).toContainText('(0 trips over');
  await expect(page.getByTestId('box-error')).toHaveCount(0);
  // The map fits the narrow box around 180 (not one around the world): a Shift-drag across the
  // middle of the map crosses the antimeridian and comes back as West > East.
  await waitForMap(page);
  const r = (await page.getByTestId('trip-map').boundingBox())!;
  await page.keyboard.down('Shift');
  await page.mouse.move(r.x + r.width * 0.4, r.y + r.height * 0.4);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width * 0.6, r.y + r.height * 0.6, { steps: 6 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect.poll(async () => (await readBoxInputs(page)).join(',')).not.toBe('170,-20,-170,-10');
  const [west, south, east, north] = await readBoxInputs(page);
  expect(west).toBeGreaterThan(170);
  expect(east).toBeLessThan(-170);
  expect([south > -20, north < -10]).toEqual([true, true]);
  await expect(page).toHaveURL(new RegExp(`bbox=${west}%2C`));
  consoleErrors.assertNone();
});
