// Virtual synchrony on the diagram: each node's line carries bands, one per view it was in. A run
// opened by link (node 2 crashes, node 0's acknowledgement timer suspects it, the flush and the
// install bring nodes 0 and 1 into view 1 {0,1}) shows view 1's bands on the survivors' lines
// only, the view in node 0's inspector, and view agreement holding.

import { expect, expectStep, openPlayground, shareFragment, test } from './helpers';

const VIEW_CHANGE = {
  version: 1,
  protocol: 'virtual-synchrony',
  params: { nodes: 3 },
  seed: 0,
  actions: [
    { command: { node: 0, cmd: { multicast: 'hello' } } },
    { crash: 2 },
    { deliver: 0 },
    // Node 1's acknowledgement reaches node 0; the copy for crashed node 2 is lost.
    { deliver: 2 },
    { deliver: 1 },
    // Node 0's acknowledgement timer suspects node 2 and proposes view 1 {0,1}: flush.
    { fire: 0 },
    { deliver: 3 },
    // Node 1's flush reaches node 0, which installs view 1 and sends it on; node 1 installs it.
    { deliver: 4 },
    { deliver: 5 },
  ],
};

test('a view change draws view 1 as bands on the survivors\' lines, and the inspector names it', async ({ page }) => {
  await openPlayground(page, shareFragment(VIEW_CHANGE));
  await expectStep(page, VIEW_CHANGE.actions.length);

  // View 0 along every line; view 1 after the install on nodes 0 and 1, not on crashed node 2.
  for (const node of [0, 1, 2]) {
    await expect(page.getByTestId(`view-band-${node}-0`)).toHaveCount(1);
  }
  const band0 = page.getByTestId('view-band-0-1');
  await expect(band0).toHaveCount(1);
  await expect(page.getByTestId('view-band-1-1')).toHaveCount(1);
  await expect(page.getByTestId('view-band-2-1')).toHaveCount(0);
  await expect(band0).toHaveClass(/\bview-band\b/);
  await expect(band0.locator('title')).toHaveText('Node 0 in view 1 {0,1}');
  await expect(band0.locator('text')).toHaveText('v1 {0,1}');
  // Successive views take different tints.
  await expect(page.getByTestId('view-band-0-0')).toHaveClass(/band-color-0/);
  await expect(band0).toHaveClass(/band-color-1/);

  // View 1 begins where view 0 ends on node 0's line (at the install), right of where view 0 began.
  const span = (testId: string) =>
    page
      .getByTestId(testId)
      .locator('rect')
      .evaluate((rect) => {
        const x = Number(rect.getAttribute('x'));
        return { start: x, end: x + Number(rect.getAttribute('width')) };
      });
  const [view0, view1] = [await span('view-band-0-0'), await span('view-band-0-1')];
  expect(Math.abs(view0.end - view1.start)).toBeLessThan(0.2);
  expect(view1.start).toBeGreaterThan(view0.start);
  expect(view1.end).toBeGreaterThan(view1.start);

  await expect(page.locator('.diagram-legend')).toContainText('view (virtual synchrony)');

  await page.getByRole('button', { name: 'Inspect node 0', exact: true }).click();
  const inspector = page.locator('section.inspector');
  await expect(inspector.getByText('Node 0', { exact: true })).toBeVisible();
  await expect(inspector).toContainText('view 1 {0,1}');

  await expect(page.getByTestId('prop-view-agreement')).toHaveAttribute('data-status', 'holds');
});

test('other protocols draw no bands and list none in the key', async ({ page }) => {
  await openPlayground(
    page,
    shareFragment({ version: 1, protocol: 'fifo-multicast', params: { nodes: 3 }, seed: 0, actions: [] }),
  );
  await expect(page.locator('.view-band')).toHaveCount(0);
  await expect(page.locator('.diagram-legend')).not.toContainText('view (virtual synchrony)');
});
