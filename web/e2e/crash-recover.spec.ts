// Crashing and recovering a node from its controls (ARIA labels "Crash node 1", "Recover node 1"):
// a crashed node is marked on the diagram, a message delivered to it is lost, and a crash in the
// middle of a snapshot makes its termination impossible.

import {
  balanceOf,
  dragMessageToNode,
  expect,
  expectStep,
  openPlayground,
  propertyStatus,
  sendTransfer,
  startSnapshot,
  test,
} from './helpers';

test.beforeEach(async ({ page }) => {
  await openPlayground(page);
});

test('a node crashes and recovers', async ({ page }) => {
  await page.getByRole('button', { name: 'Crash node 1', exact: true }).click();

  await expectStep(page, 1);
  await expect(page.getByTestId('node-1')).toHaveClass(/\bcrashed\b/);
  await expect(page.getByRole('button', { name: 'Inspect node 1, crashed' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Crash node 1', exact: true })).toBeDisabled();

  await page.getByRole('button', { name: 'Recover node 1', exact: true }).click();

  await expectStep(page, 2);
  await expect(page.getByTestId('node-1')).not.toHaveClass(/\bcrashed\b/);
  await expect(page.getByRole('button', { name: 'Crash node 1', exact: true })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Recover node 1', exact: true })).toBeDisabled();
  expect(await balanceOf(page, 1)).toBe(100);
});

test('a double click on Crash crashes once: Recover is not under the pointer', async ({ page }) => {
  await page.getByRole('button', { name: 'Crash node 2', exact: true }).dblclick();

  await expectStep(page, 1);
  await expect(page.getByTestId('node-2')).toHaveClass(/\bcrashed\b/);
});

test('a message delivered to a crashed node is lost', async ({ page }) => {
  await sendTransfer(page, 0, 1, 30);
  await page.getByRole('button', { name: 'Crash node 1', exact: true }).click();
  await expectStep(page, 2);

  await dragMessageToNode(page, 0, 1);

  await expectStep(page, 3);
  await expect(page.getByTestId('msg-0')).toHaveCount(0);
  await page.getByRole('button', { name: 'Recover node 1', exact: true }).click();
  await expectStep(page, 4);
  expect(await balanceOf(page, 1)).toBe(100);
});

test('a crash in the middle of a snapshot makes termination impossible', async ({ page }) => {
  await startSnapshot(page, 1);
  await expectStep(page, 1);
  expect(await propertyStatus(page, 'snapshot-termination')).toBe('pending');

  // Node 1 has just sent its markers: the page asks which of them get out; all do.
  await page.getByRole('button', { name: 'Crash node 1', exact: true }).click();
  await expectStep(page, 1);
  await page.getByTestId('crash-picker').getByRole('button', { name: 'Crash, all sent' }).click();

  await expectStep(page, 2);
  await expect(page.getByTestId('prop-snapshot-termination')).toHaveAttribute('data-status', 'violated');
  await expect(page.getByTestId('prop-snapshot-termination')).toContainText(/no failures/);
  expect(await propertyStatus(page, 'consistent-cut')).toBe('holds');
  expect(await propertyStatus(page, 'conservation')).toBe('holds');
});
