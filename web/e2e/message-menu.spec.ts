// The other ways to act on an in-flight message: the context menu (right-click) offers deliver,
// drop and duplicate, and the keyboard delivers a focused ghost with Enter and drops the selected
// message with X.

import {
  balanceOf,
  expandChannel,
  expect,
  expectStep,
  inFlightMessages,
  openPlayground,
  sendTransfer,
  test,
} from './helpers';

test.beforeEach(async ({ page }) => {
  await openPlayground(page);
  await sendTransfer(page, 0, 1, 30);
  await expectStep(page, 1);
});

test('the context menu duplicates and drops a message', async ({ page }) => {
  await page.getByTestId('msg-0').click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Message 0: $30' });
  await expect(menu).toBeVisible();
  await menu.getByRole('menuitem', { name: /^Duplicate/ }).click();

  await expectStep(page, 2);
  await expect(menu).toHaveCount(0);
  expect(await inFlightMessages(page)).toEqual([
    { id: 0, to: 1, blocked: false },
    { id: 1, to: 1, blocked: true },
  ]);
  await expandChannel(page, 0, 1);
  await expect(page.getByTestId('msg-1')).toContainText('copy of m0');

  await page.getByTestId('msg-0').click({ button: 'right' });
  await page.getByRole('menu').getByRole('menuitem', { name: /^Drop/ }).click();

  await expectStep(page, 3);
  expect(await inFlightMessages(page)).toEqual([{ id: 1, to: 1, blocked: false }]);
});

test('Enter on a focused ghost delivers it', async ({ page }) => {
  await page.getByTestId('msg-0').focus();
  await page.keyboard.press('Enter');

  await expectStep(page, 2);
  await expect(page.getByTestId('msg-0')).toHaveCount(0);
  expect(await balanceOf(page, 1)).toBe(130);
});

test('X drops the selected message', async ({ page }) => {
  await page.getByTestId('msg-0').focus();
  await page.keyboard.press('x');

  await expectStep(page, 2);
  await expect(page.getByTestId('msg-0')).toHaveCount(0);
  expect(await balanceOf(page, 0)).toBe(70);
  expect(await balanceOf(page, 1)).toBe(100);
});
