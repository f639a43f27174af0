// A snapshot from start to finish: a node initiates it with money in flight, the user delivers
// every message by dragging, and the snapshot completes with every property holding and the
// recorded global state accounting for all the money.

import {
  PROPERTY_NAMES,
  deliverEverything,
  expect,
  expectEveryProperty,
  expectStep,
  openPlayground,
  propertyStatus,
  sendTransfer,
  startSnapshot,
  test,
} from './helpers';

test('a snapshot with money in flight completes and every property holds', async ({ page }) => {
  await openPlayground(page);
  await startSnapshot(page, 1);
  await sendTransfer(page, 0, 1, 30);
  await expectStep(page, 2);
  expect(await propertyStatus(page, 'snapshot-termination')).toBe('pending');
  expect(await propertyStatus(page, 'consistent-cut')).toBe('holds');
  expect(await propertyStatus(page, 'conservation')).toBe('holds');

  const delivered = await deliverEverything(page);

  // Two markers from node 1, the transfer, and two markers each from nodes 0 and 2.
  expect(delivered).toHaveLength(7);
  await expectStep(page, 2 + 7);
  await expectEveryProperty(page, 'holds');
  for (const name of PROPERTY_NAMES) {
    await expect(page.getByTestId(`prop-${name}`)).not.toContainText(/violated/i);
  }
  // Node 0 recorded $70 after sending; the $30 in transit was recorded on channel 0→1.
  const table = page.getByRole('table', { name: /Snapshot 1/ });
  await expect(table.getByRole('row', { name: /^0 \$70\b/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /^1 \$100\b/ })).toContainText('0→1: $30');
  await expect(table.getByRole('row', { name: /^2 \$100\b/ })).toBeVisible();
  await expect(page.locator('figure', { has: table })).toContainText('recorded total $300 of $300');
});

test('two concurrent initiators make one snapshot that completes', async ({ page }) => {
  await openPlayground(page);
  await startSnapshot(page, 0);
  await startSnapshot(page, 2);
  await expectStep(page, 2);

  await deliverEverything(page);

  await expectEveryProperty(page, 'holds');
});
