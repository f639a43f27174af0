// Time travel: undo and redo every action with the toolbar and the keyboard, and branching (undo,
// then do something else: the old future is discarded).

import { balanceOf, expect, expectStep, openPlayground, sendTransfer, startSnapshot, test } from './helpers';

test.beforeEach(async ({ page }) => {
  await openPlayground(page);
});

test('undo and redo walk the timeline back and forth', async ({ page }) => {
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  const redo = page.getByRole('button', { name: 'Redo', exact: true });
  await expect(undo).toBeDisabled();

  await sendTransfer(page, 0, 1, 30);
  await sendTransfer(page, 2, 0, 5);
  await startSnapshot(page, 1);
  await expectStep(page, 3);
  await expect(redo).toBeDisabled();

  await undo.click();
  await expectStep(page, 2);
  await expect(page.getByTestId('msg-2')).toHaveCount(0);
  await undo.click();
  await expectStep(page, 1);
  expect(await balanceOf(page, 2)).toBe(100);
  await undo.click();
  await expectStep(page, 0);
  await expect(undo).toBeDisabled();
  expect(await balanceOf(page, 0)).toBe(100);
  await expect(page.getByTestId('msg-0')).toHaveCount(0);

  await redo.click();
  await expectStep(page, 1);
  expect(await balanceOf(page, 0)).toBe(70);
  await redo.click();
  await redo.click();
  await expectStep(page, 3);
  await expect(redo).toBeDisabled();
  await expect(page.getByTestId('msg-2')).toBeVisible();
  expect(await balanceOf(page, 2)).toBe(95);
});

test('doing something after undo discards the old future', async ({ page }) => {
  const redo = page.getByRole('button', { name: 'Redo', exact: true });
  await sendTransfer(page, 0, 1, 30);
  await sendTransfer(page, 0, 2, 10);
  await sendTransfer(page, 1, 2, 10);
  await expectStep(page, 3);

  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expectStep(page, 1);
  await expect(redo).toBeEnabled();

  await page.getByRole('button', { name: 'Crash node 2', exact: true }).click();

  await expectStep(page, 2);
  await expect(redo).toBeDisabled();
  await expect(page.getByLabel('Scrubber: the step to show')).toHaveAttribute('aria-valuetext', 'step 2 of 2');
  expect(await balanceOf(page, 0)).toBe(70);
});

test('Ctrl+Z and Ctrl+Shift+Z undo and redo', async ({ page }) => {
  await sendTransfer(page, 0, 1, 30);
  await expectStep(page, 1);
  await page.getByTestId('diagram').click({ position: { x: 5, y: 5 } });

  await page.keyboard.press('Control+z');
  await expectStep(page, 0);
  await page.keyboard.press('Control+Shift+z');
  await expectStep(page, 1);
});
