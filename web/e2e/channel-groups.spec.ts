// In-flight messages gather per channel: a group shows its head and a count, expands into a ghost
// per message (any of which drags as before), and gathers again. While a ghost is dragged, the
// lines say what a drop there would do: lost on a crashed receiver, refused on another line.

import type { Page } from '@playwright/test';
import {
  balanceOf,
  expandChannel,
  expect,
  expectStep,
  inFlightMessages,
  openPlayground,
  sendTransfer,
  shareFragment,
  test,
  visibleBox,
} from './helpers';

/** Three transfers from node 0 to node 1 on unordered channels, all in flight. */
const THREE_ON_ONE_CHANNEL = shareFragment({
  version: 1,
  protocol: 'chandy-lamport',
  params: { nodes: 3, balances: [100, 100, 100] },
  network: { channels: 'unordered' },
  seed: 1,
  actions: [10, 20, 30].map((amount) => ({ command: { node: 0, cmd: { transfer: { to: 1, amount } } } })),
});

/** Presses on message `id`'s ghost and moves it over node `node`'s line, without releasing. */
async function holdOver(page: Page, id: number, node: number): Promise<void> {
  const ghost = (await page.getByTestId(`msg-${id}`).boundingBox())!;
  const line = await visibleBox(page, `node-${node}`);
  await page.mouse.move(ghost.x + ghost.width / 2, ghost.y + ghost.height / 2);
  await page.mouse.down();
  await page.mouse.move(line.right - 12, (line.top + line.bottom) / 2, { steps: 5 });
}

test('a channel with three messages shows one ghost and a count, and expands to drag any of them', async ({ page }) => {
  await openPlayground(page, THREE_ON_ONE_CHANNEL);
  await expectStep(page, 3);
  const group = page.getByTestId('group-0-1');
  await expect(group.locator('text')).toHaveText('+2');
  await expect(page.getByTestId('msg-0')).toBeVisible();
  await expect(page.locator('[data-testid^="msg-"]')).toHaveCount(1);

  await expandChannel(page, 0, 1);
  await expect(page.locator('[data-testid^="msg-"]')).toHaveCount(3);
  await expect(group.locator('text')).toHaveText('−');

  // On an unordered channel the last one overtakes the others.
  await holdOver(page, 2, 1);
  await expect(page.getByTestId('node-1')).toHaveClass(/\bdrop-over\b/);
  await page.mouse.up();
  await expectStep(page, 4);
  expect(await balanceOf(page, 1)).toBe(130);
  expect((await inFlightMessages(page)).map((m) => m.id)).toEqual([0, 1]);

  await group.click();
  await expect(group).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator('[data-testid^="msg-"]')).toHaveCount(1);
});

test('the keyboard expands a group too', async ({ page }) => {
  await openPlayground(page, THREE_ON_ONE_CHANNEL);
  await page.getByTestId('group-0-1').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('group-0-1')).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('msg-2')).toBeVisible();
});

test('dragging towards a crashed receiver warns that the message will be lost, before the drop', async ({ page }) => {
  await openPlayground(page);
  await sendTransfer(page, 0, 1, 30);
  await page.getByRole('button', { name: 'Crash node 1', exact: true }).click();
  await expectStep(page, 2);

  await holdOver(page, 0, 1);
  await expect(page.getByTestId('node-1')).toHaveClass(/\bdrop-lost\b/);
  await expect(page.locator('.refusal')).toContainText('Node 1 is crashed: m0 delivered now is lost');
  await page.mouse.up();
  await expectStep(page, 3);
  await expect(page.getByTestId('msg-0')).toHaveCount(0);
});

test('a ghost over the wrong line says where it goes, and a drop there explains itself', async ({ page }) => {
  await openPlayground(page);
  await sendTransfer(page, 0, 1, 30);
  await expectStep(page, 1);

  await holdOver(page, 0, 2);
  await expect(page.getByTestId('node-2')).toHaveClass(/\bdrop-wrong\b/);
  await expect(page.getByTestId('node-1')).toHaveClass(/\bdrop-target\b/);
  await expect(page.locator('.refusal')).toContainText("m0 goes to node 1: drop it on node 1's line");
  await page.mouse.up();
  await expectStep(page, 1);
  await expect(page.locator('.refusal')).toContainText("m0 goes to node 1: drop it on node 1's line");
  await expect(page.getByTestId('node-2')).not.toHaveClass(/\bdrop-wrong\b/);
  await expect(page.getByTestId('msg-0')).toBeVisible();
});
