// No gesture throws work away: a run replaced by a gallery scenario, a new run or a reset is set
// aside with one click to bring it back, and Back in the browser returns to it; acting after a
// scrub back keeps the old timeline; the run survives a visit to the plain address; Pause stops a
// long run at once; and a key pressed after a button does not press that button again.

import { expect, expectStep, longRunLink, openPlayground, sendTransfer, stepNumber, test } from './helpers';

async function openGallery(page: import('@playwright/test').Page, title: string) {
  await page.getByLabel(/^Scenarios \(showing/).click();
  await page.getByRole('button', { name: `Open scenario: ${title}`, exact: true }).click();
}

test('a gallery scenario opened over a hand-built run sets it aside, and one click brings it back', async ({ page }) => {
  await openPlayground(page);
  await sendTransfer(page, 0, 1, 30);
  await sendTransfer(page, 1, 2, 20);
  await expectStep(page, 2);

  await openGallery(page, 'Money in flight');
  await expect(page.getByTestId('set-aside')).toContainText('Opened "Money in flight": the run you had (2 steps) is set aside');

  await page.getByTestId('bring-back').click();
  await expectStep(page, 2);
  await expect(page.getByTestId('msg-0')).toBeAttached();
  await expect(page.getByTestId('msg-1')).toBeAttached();
});

test('Back in the browser returns to the run before the one opened', async ({ page }) => {
  await openPlayground(page);
  await sendTransfer(page, 0, 1, 30);
  await expectStep(page, 1);

  await openGallery(page, 'Money in flight');
  await expectStep(page, 11);
  await page.goBack();
  await expectStep(page, 1);
  await expect(page.getByTestId('msg-0')).toBeAttached();
  await page.goForward();
  await expectStep(page, 11);
});

test('acting after a scrub back keeps the old timeline within reach', async ({ page }) => {
  await openPlayground(page);
  await sendTransfer(page, 0, 1, 30);
  await sendTransfer(page, 1, 2, 20);
  await sendTransfer(page, 2, 0, 10);
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expectStep(page, 1);

  await sendTransfer(page, 2, 1, 5);
  await expect(page.getByTestId('set-aside')).toContainText('Branched at step 1: the 2 later steps of the old timeline are set aside');

  await page.getByTestId('bring-back').click();
  await expectStep(page, 1);
  await page.getByRole('button', { name: 'Redo' }).click();
  await page.getByRole('button', { name: 'Redo' }).click();
  await expectStep(page, 3);
  await expect(page.getByTestId('msg-2')).toBeAttached();
});

test('the run survives a visit to the plain address', async ({ page }) => {
  await openPlayground(page);
  await sendTransfer(page, 0, 2, 25);
  await expectStep(page, 1);
  // The address bar and the browser's storage follow the run once it rests.
  await expect(page).toHaveURL(/#s=/);

  await openPlayground(page);
  await expectStep(page, 1);
  await expect(page.getByTestId('status')).toContainText('Reopened the run you left here last time');
});

test('a key pressed after "Start new run" does not start another one', async ({ page }) => {
  await openPlayground(page);
  await sendTransfer(page, 0, 1, 30);
  await page.getByRole('button', { name: 'Apply the settings and start a new run' }).click();
  await expect(page.getByTestId('set-aside')).toContainText('(1 step) is set aside');

  await page.keyboard.press(' ');
  // Space ran the scheduler: had it pressed "Start new run" again, the empty run would have
  // replaced this one and the notice would be gone.
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(page.getByTestId('set-aside')).toBeVisible();
});

test('Pause stops a 2,000-step run at once', async ({ page }) => {
  await openPlayground(page, longRunLink(2000));
  await expectStep(page, 2000);

  await page.getByRole('slider', { name: 'Speed in steps per second' }).fill('20');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(() => stepNumber(page), { timeout: 15_000 }).toBeGreaterThan(2005);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  // Once the page shows it paused, no step follows: a tick queued before the click is dropped.
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
  const paused = await stepNumber(page);
  await page.waitForTimeout(1000);
  expect(await stepNumber(page)).toBe(paused);
});
