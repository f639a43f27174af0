// The page loads under a sub-path with the default scenario, and a broken share link falls back
// to it with a visible message: never a blank page, never a panic.

import {
  ISSUE_EXAMPLE,
  PROPERTY_NAMES,
  expect,
  openPlayground,
  propertyStatus,
  shareFragment,
  stepNumber,
  test,
} from './helpers';

/** The default scenario is on screen: three node lines, step 0, every property holding. */
async function expectDefaultScenario(page: import('@playwright/test').Page) {
  await expect(page.getByTestId('diagram')).toBeVisible();
  for (const node of [0, 1, 2]) {
    await expect(page.getByTestId(`node-${node}`)).toBeAttached();
  }
  await expect(page.getByTestId('node-3')).toHaveCount(0);
  expect(await stepNumber(page)).toBe(0);
  await expect(page.locator('[data-testid^="prop-"]')).toHaveCount(PROPERTY_NAMES.length);
  for (const name of PROPERTY_NAMES) {
    expect(await propertyStatus(page, name), `property ${name} at step 0`).toBe('holds');
  }
}

test('the playground loads under a sub-path with the default scenario', async ({ page }) => {
  await openPlayground(page);
  await expect(page).toHaveURL(/\/synod\/(#.*)?$/);
  await expect(page).toHaveTitle(/Synod/);
  await expectDefaultScenario(page);
  await expect(page.getByText(/could not be opened/i)).toHaveCount(0);
});

test('a garbage fragment shows a message and the default scenario', async ({ page }) => {
  await openPlayground(page, '#s=garbage');
  await expect(page.getByText(/could not be opened/i)).toBeVisible();
  await expectDefaultScenario(page);
});

test('a damaged link says where in plain words, with the decoder\'s words behind Details', async ({ page }) => {
  await openPlayground(page, '#s=AAA!AAA');
  const alert = page.getByTestId('error');
  await expect(alert).toContainText('character 4 of its code cannot be part of a Synod link');
  const details = page.getByTestId('error-details').locator('code');
  await expect(details).toBeHidden();
  await alert.getByText('Details').click();
  await expect(details).toBeVisible();
  await expect(details).toHaveText('base64: Invalid symbol 33, offset 3');
});

test('a truncated share link shows a message and the default scenario', async ({ page }) => {
  const fragment = shareFragment(ISSUE_EXAMPLE);
  const truncated = fragment.slice(0, Math.floor(fragment.length / 2));
  await openPlayground(page, truncated);
  await expect(page.getByText(/could not be opened/i)).toBeVisible();
  await expectDefaultScenario(page);
});
