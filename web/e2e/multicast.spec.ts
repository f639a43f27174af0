// FIFO multicast as a learner plays it: multicast from a node's row, drag a later copy onto its
// receiver first and watch it wait in the hold-back queue, then deliver the earlier one and
// watch both reach the application, each as a delivery mark of its own.

import type { Page } from '@playwright/test';
import { dragMessageToNode, expandChannel, expect, openPlayground, shareFragment, test } from './helpers';

const BLANK = shareFragment({ version: 1, protocol: 'fifo-multicast', params: { nodes: 3 }, seed: 1, actions: [] });

const nodeRow = (page: Page, node: number) => page.locator('.node-row').nth(node);
const deliveriesOn = (page: Page, node: number) =>
  page.locator(`.event.event-deliver[data-nav-node="${node}"]`);

test('a later copy waits in the hold-back queue until the earlier one arrives, then both are delivered', async ({ page }) => {
  await openPlayground(page, BLANK);
  // Node 0 multicasts twice, texts of the user's own: copies m0 (to 1) and m1 (to 2), then m2
  // and m3. The form starts from the text the scheduler would use, and keeps what was typed.
  const text = page.getByRole('form', { name: 'Multicast at node 0' }).getByLabel('Text');
  await expect(text).toHaveValue('m0.1');
  await text.fill('post');
  await page.getByRole('button', { name: 'Multicast at node 0', exact: true }).click();
  await expect(nodeRow(page, 0)).toContainText('delivered 0:1');
  await text.fill('edit');
  await page.getByRole('button', { name: 'Multicast at node 0', exact: true }).click();
  await expect(nodeRow(page, 0)).toContainText('delivered 0:1, 0:2');
  await expect(page.getByTestId('msg-0')).toContainText('post');
  await expect(deliveriesOn(page, 0)).toHaveCount(2);

  // The second copy for node 1 first: received, held back, not delivered.
  await expandChannel(page, 0, 1);
  await dragMessageToNode(page, 2, 1);
  await expect(nodeRow(page, 1)).toContainText('delivered nothing yet');
  await nodeRow(page, 1).locator('.node-choose').click();
  const inspector = page.locator('.inspector');
  await expect(inspector).toContainText('held 0:2');
  await expect(inspector).toContainText('waits for 0:1 from node 0');
  await expect(deliveriesOn(page, 1)).toHaveCount(0);
  await expect(page.getByTestId('prop-fifo-order')).toHaveAttribute('data-status', 'holds');

  // The first copy releases both, in order.
  await dragMessageToNode(page, 0, 1);
  await expect(nodeRow(page, 1)).toContainText('delivered 0:1, 0:2');
  await expect(inspector).toContainText('hold-back queue');
  await expect(deliveriesOn(page, 1)).toHaveCount(2);
  await expect(page.getByTestId('prop-fifo-order')).toHaveAttribute('data-status', 'holds');
});

test('the flawed variant delivers out of order and the property panel says so', async ({ page }) => {
  await openPlayground(
    page,
    shareFragment({
      version: 1,
      protocol: 'fifo-multicast',
      params: { nodes: 3, variant: 'no-hold-back' },
      seed: 1,
      actions: [
        { command: { node: 0, cmd: { multicast: 'post' } } },
        { command: { node: 0, cmd: { multicast: 'edit' } } },
      ],
    }),
  );
  await expandChannel(page, 0, 1);
  await dragMessageToNode(page, 2, 1);
  await expect(nodeRow(page, 1)).toContainText('delivered 0:2');
  await expect(page.getByTestId('prop-fifo-order')).toHaveAttribute('data-status', 'violated');
});

test('a property FIFO multicast does not promise is judged and marked as not promised', async ({ page }) => {
  await openPlayground(
    page,
    shareFragment({
      version: 1,
      protocol: 'fifo-multicast',
      params: { nodes: 3 },
      seed: 1,
      actions: [
        { command: { node: 0, cmd: { multicast: 'lunch?' } } },
        { deliver: 0 },
        { command: { node: 1, cmd: { multicast: 'yes!' } } },
        { deliver: 3 },
      ],
    }),
  );
  await expect(page.getByTestId('prop-causal-order')).toHaveAttribute('data-status', 'violated');
  await expect(page.getByTestId('unpromised-causal-order')).toBeVisible();
  await expect(page.getByTestId('prop-causal-order')).toContainText('Not promised by this protocol here');
  await expect(page.getByTestId('unpromised-fifo-order')).toHaveCount(0);
});

test('crashing a sender that has just multicast asks which copies get out, and the one held back is never sent', async ({ page }) => {
  await openPlayground(page, BLANK);
  await page.getByRole('button', { name: 'Multicast at node 0', exact: true }).click();
  await page.getByRole('button', { name: 'Crash node 0' }).click();
  const picker = page.getByTestId('crash-picker');
  await expect(picker).toContainText('Crash node 0 mid-send?');
  await picker.getByRole('checkbox', { name: 'm1 to node 2 gets out' }).uncheck();
  await picker.getByRole('button', { name: 'Crash, 1 never sent' }).click();
  await expect(picker).toHaveCount(0);
  await expect(nodeRow(page, 0)).toContainText('crashed');
  await expect(page.getByTestId('msg-1')).toHaveCount(0);
  await expect(page.locator('.arrow.unsent[data-message="1"] title')).toHaveText(/never sent: node 0 crashed mid-send at step 2/);
  // The copy that got out arrives; node 2 never gets one: the members disagree.
  await dragMessageToNode(page, 0, 1);
  await expect(nodeRow(page, 1)).toContainText('delivered 0:1');
  await expect(page.getByTestId('prop-agreement')).toHaveAttribute('data-status', 'violated');

  // A node that did not make the last step crashes at once, without asking.
  await page.getByRole('button', { name: 'Crash node 2' }).click();
  await expect(nodeRow(page, 2)).toContainText('crashed');
  await expect(picker).toHaveCount(0);
});
