// Causal and total-order multicast as a learner plays them: a reply dragged to a node before the
// post it answers waits for it, with the vectors that say why; and a sequencer chosen in the
// settings form, with the FIFO-total order, keeps a sender's second message back until its first
// is numbered.

import type { Page } from '@playwright/test';
import { dragMessageToNode, expandChannel, expect, expectStep, openPlayground, shareFragment, test } from './helpers';

const nodeRow = (page: Page, node: number) => page.locator('.node-row').nth(node);

/** Multicasts `text` from `node` with its form (shown for the node chosen under "Commands from"). */
async function multicastAt(page: Page, node: number, text: string) {
  await page.getByLabel('Node that sends the commands').selectOption(String(node));
  await page.getByRole('form', { name: `Multicast at node ${node}` }).getByLabel('Text').fill(text);
  await page.getByRole('button', { name: `Multicast at node ${node}`, exact: true }).click();
}

async function inspect(page: Page, node: number) {
  await nodeRow(page, node).locator('.node-choose').click();
  return page.locator('.inspector');
}

test('causal multicast holds a reply back until the post it answers, and says which vector entry waits', async ({ page }) => {
  await openPlayground(
    page,
    shareFragment({ version: 1, protocol: 'causal-multicast', params: { nodes: 3 }, seed: 1, actions: [] }),
  );
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Causal multicast');
  // Node 0 posts (copies m0 to node 1, m1 to node 2); node 1 reads it and replies (m2, m3).
  await multicastAt(page, 0, 'lunch?');
  await dragMessageToNode(page, 0, 1);
  await expect(nodeRow(page, 1)).toContainText('delivered 0:1');
  await multicastAt(page, 1, 'yes!');
  await expect(page.getByTestId('msg-3')).toContainText('[1, 1, 0]');

  await dragMessageToNode(page, 3, 2);
  await expect(nodeRow(page, 2)).toContainText('delivered nothing yet');
  const inspector = await inspect(page, 2);
  await expect(inspector).toContainText('held 1:1');
  await expect(inspector).toContainText('waits for 0:1 from node 0 (vector [1, 1, 0] > [0, 0, 0])');

  await dragMessageToNode(page, 1, 2);
  await expect(nodeRow(page, 2)).toContainText('delivered 0:1, 1:1');
  await expect(page.getByTestId('prop-causal-order')).toHaveAttribute('data-status', 'holds');
  await expect(page.getByTestId('prop-total-order')).toHaveAttribute('data-status', 'holds');
  await expect(page.getByTestId('unpromised-total-order')).toBeVisible();
});

test('total-order multicast set up in the form: the FIFO-total sequencer numbers a sender\'s messages in its order', async ({ page }) => {
  await openPlayground(page);
  const settings = page.getByRole('region', { name: 'Settings' });
  await settings.getByLabel('Protocol', { exact: true }).selectOption('total-multicast');
  const order = settings.getByLabel('Order', { exact: true });
  await expect(order).toHaveValue('total');
  await order.selectOption('fifo-total');
  await settings.getByRole('button', { name: 'Apply the settings and start a new run' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Total-order multicast');
  await expectStep(page, 0);

  // Node 1 multicasts twice: m0 (to the sequencer, node 0) and m1, then m2 (to 0) and m3.
  await multicastAt(page, 1, 'meet at 5?');
  await multicastAt(page, 1, 'sorry, 6');
  await expect(nodeRow(page, 1)).toContainText('delivered nothing yet');
  // The correction reaches the sequencer first: not numbered, not delivered.
  await expandChannel(page, 1, 0);
  await dragMessageToNode(page, 2, 0);
  let inspector = await inspect(page, 0);
  await expect(inspector).toContainText('held 1:2');
  await expect(inspector).toContainText('waits for its number from the sequencer, node 0');
  await expect(inspector.getByRole('row', { name: /numbered so far/ })).toContainText('0');
  // The question arrives: both numbered, in node 1's order, and delivered at the sequencer.
  await dragMessageToNode(page, 0, 0);
  await expect(nodeRow(page, 0)).toContainText('delivered 1:1, 1:2');
  await expect(page.getByTestId('msg-4')).toContainText('1:1 is #1');
  await expect(page.getByTestId('prop-fifo-order')).toHaveAttribute('data-status', 'holds');
  inspector = await inspect(page, 1);
  await expect(inspector).toContainText('waits for its number from the sequencer, node 0');
});
