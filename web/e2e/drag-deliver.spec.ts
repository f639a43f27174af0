// Delivering a message by dragging its ghost onto the receiver's line, as a user does with a
// mouse (pointer events), and the FIFO rule: only the head of a channel can be delivered.

import {
  balanceOf,
  dragMessageToNode,
  expect,
  expectStep,
  expandChannel,
  inFlightMessages,
  openPlayground,
  sendTransfer,
  test,
} from './helpers';

test.beforeEach(async ({ page }) => {
  await openPlayground(page);
});

test('a transfer dragged onto its receiver is delivered', async ({ page }) => {
  await sendTransfer(page, 0, 1, 30);
  await expectStep(page, 1);
  await expect(page.getByTestId('msg-0')).toBeVisible();
  expect(await balanceOf(page, 0)).toBe(70);

  await dragMessageToNode(page, 0, 1);

  await expectStep(page, 2);
  await expect(page.getByTestId('msg-0')).toHaveCount(0);
  expect(await balanceOf(page, 1)).toBe(130);
  expect(await inFlightMessages(page)).toEqual([]);
});

test('a ghost dropped on the wrong line stays in flight', async ({ page }) => {
  await sendTransfer(page, 0, 1, 30);
  await expectStep(page, 1);

  await dragMessageToNode(page, 0, 2);

  await expectStep(page, 1);
  await expect(page.getByTestId('msg-0')).toBeVisible();
  expect(await balanceOf(page, 1)).toBe(100);
});

test('on a FIFO channel only the head can be delivered, and the others say why', async ({ page }) => {
  await sendTransfer(page, 0, 1, 10);
  await sendTransfer(page, 0, 1, 20);
  await expectStep(page, 2);
  expect(await inFlightMessages(page)).toEqual([
    { id: 0, to: 1, blocked: false },
    { id: 1, to: 1, blocked: true },
  ]);
  // The channel's group shows its head and a count until it is expanded.
  await expect(page.getByTestId('msg-1')).toHaveCount(0);
  await expect(page.getByTestId('group-0-1').locator('text')).toHaveText('+1');
  await expect(page.getByTestId('group-0-1')).toHaveAccessibleName('Show the other message in flight from node 0 to node 1');
  await expandChannel(page, 0, 1);
  await expect(page.getByTestId('msg-1')).toHaveAttribute('aria-label', /waits behind message 0/);

  await dragMessageToNode(page, 1, 1);
  await expectStep(page, 2);
  await expect(page.getByRole('status').filter({ hasText: /waits behind message 0/ })).toBeVisible();

  await dragMessageToNode(page, 0, 1);
  await expectStep(page, 3);
  await dragMessageToNode(page, 1, 1);
  await expectStep(page, 4);
  expect(await balanceOf(page, 1)).toBe(130);
});
