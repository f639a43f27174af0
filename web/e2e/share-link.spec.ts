// Share links: "copy link" gives a URL whose fragment encodes the whole run; opening it in a new
// page reproduces the run at the same step. A link written by hand (as a teacher would, with the
// documented codec) opens too.

import {
  ISSUE_EXAMPLE,
  PROPERTY_NAMES,
  dragMessageToNode,
  expect,
  expectStep,
  inFlightMessages,
  openPlayground,
  propertyStatus,
  sendTransfer,
  shareFragment,
  startSnapshot,
  stepNumber,
  test,
} from './helpers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** What a run looks like from outside: the step, the properties and the messages in flight. */
async function observe(page: import('@playwright/test').Page) {
  const properties: Record<string, string> = {};
  for (const name of PROPERTY_NAMES) {
    properties[name] = await propertyStatus(page, name);
  }
  return { step: await stepNumber(page), properties, inFlight: await inFlightMessages(page) };
}

test('a copied link reopens the same run at the same step', async ({ page, context }) => {
  await openPlayground(page);
  await sendTransfer(page, 0, 1, 30);
  await startSnapshot(page, 1);
  await dragMessageToNode(page, 0, 1);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expectStep(page, 2);
  const before = await observe(page);

  await page.getByRole('button', { name: /copy link/i }).click();
  await expect(page.getByTestId('status')).toContainText(/copied/i);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/\/synod\/#s=[A-Za-z0-9_-]+$/);

  const reopened = await context.newPage();
  await reopened.goto(link);
  await expect(reopened.getByTestId('diagram')).toBeVisible();
  expect(await observe(reopened)).toEqual(before);
  await expect(reopened.getByText(/could not be opened/i)).toHaveCount(0);
  // The link holds the whole timeline, so the undone delivery can be redone there too.
  await reopened.getByRole('button', { name: 'Redo', exact: true }).click();
  await expectStep(reopened, 3);
  await expect(reopened.getByTestId('msg-0')).toHaveCount(0);
});

test('a hand-made link opens the issue example at its last step', async ({ page }) => {
  await openPlayground(page, shareFragment(ISSUE_EXAMPLE));

  await expectStep(page, ISSUE_EXAMPLE.actions.length);
  await expect(page.getByText(/could not be opened/i)).toHaveCount(0);
  await expect(page.getByTestId('prop-snapshot-termination')).toHaveAttribute('data-status', 'violated');
  await expect(page.getByTestId('msg-2')).toHaveCount(0);
});

test('a link with a cursor opens at that step with the rest redoable', async ({ page }) => {
  await openPlayground(page, shareFragment({ ...ISSUE_EXAMPLE, cursor: 3 }));

  await expectStep(page, 3);
  await expect(page.getByRole('button', { name: 'Redo', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Redo', exact: true }).click();
  await expectStep(page, 4);
});

test('a partition stays on the timeline as a band from its step to the heal', async ({ page }) => {
  await openPlayground(page, shareFragment({ ...ISSUE_EXAMPLE, cursor: 9 }));
  const band = page.getByTestId('partition-from-9');
  await expect(band).toBeAttached();
  await expect(band).not.toHaveClass(/\bhealed\b/);
  await expect(band).toContainText('network cut');

  await page.getByRole('button', { name: 'Redo', exact: true }).click();
  await expectStep(page, 10);
  await expect(band).toHaveClass(/\bhealed\b/);
  await expect(band).not.toContainText('network cut');
  const stepSlot = async (step: number) => {
    const label = page.getByTestId('diagram').locator('.step-number', { hasText: new RegExp(`^${step}$`) });
    return (await label.boundingBox())!;
  };
  const box = (await band.boundingBox())!;
  const [nine, ten] = [await stepSlot(9), await stepSlot(10)];
  expect(box.x).toBeGreaterThan(nine.x - 20);
  expect(box.x + box.width).toBeLessThan(ten.x + ten.width + 20);
});

test('the partition panel shows the sides the network is split into, as its status names them', async ({ page }) => {
  await openPlayground(page, shareFragment({ ...ISSUE_EXAMPLE, cursor: 9 }));
  await expect(page.locator('.partition-status')).toHaveText('Split into A {0, 1} | B {2}. Heal to choose new sides.');
  for (const [node, side] of [[0, 'A'], [1, 'A'], [2, 'B']] as const) {
    const chip = page.getByRole('button', { name: `Node ${node} on side B` });
    await expect(chip).toContainText(side);
    await expect(chip).toBeDisabled();
  }
  await page.getByRole('button', { name: 'Heal the network', exact: true }).click();
  await expect(page.locator('.partition-status')).toHaveText('The network is connected. Choose the sides of a partition:');
  await expect(page.getByRole('button', { name: 'Node 0 on side B' })).toBeEnabled();
});
