// The random scheduler and the scrubber: Step takes one step, Run keeps stepping at the chosen
// speed until Pause, and the scrubber moves through the whole run without losing its future.

import { expect, expectStep, openPlayground, stepNumber, test } from './helpers';

test.beforeEach(async ({ page }) => {
  await openPlayground(page);
});

test('Step takes one random step', async ({ page }) => {
  await page.getByRole('button', { name: 'Step: one random scheduler step' }).click();
  await expectStep(page, 1);
  await page.getByRole('button', { name: 'Step: one random scheduler step' }).click();
  await expectStep(page, 2);
});

test('Run steps on its own until Pause', async ({ page }) => {
  await page.getByLabel('Speed in steps per second').fill('20');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(() => stepNumber(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(5);

  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
  const paused = await stepNumber(page);
  await page.waitForTimeout(500);
  expect(await stepNumber(page)).toBe(paused);
});

test('the scrubber moves back and forth through the run', async ({ page }) => {
  for (let i = 0; i < 4; i++) {
    await page.getByRole('button', { name: 'Step: one random scheduler step' }).click();
  }
  await expectStep(page, 4);
  const scrubber = page.getByLabel('Scrubber: the step to show');

  await scrubber.fill('1');
  await expectStep(page, 1);
  await expect(scrubber).toHaveAttribute('aria-valuetext', 'step 1 of 4');

  await scrubber.fill('4');
  await expectStep(page, 4);
});
