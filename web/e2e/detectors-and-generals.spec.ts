// Failure detectors and the two generals, played by hand. Heartbeats under asynchronous timing:
// a timeout fired before the heartbeat arrives suspects a live process (a band along its line),
// and the heartbeat clears it. Under synchronous timing a timeout that is not due yet is refused.
// The two generals: the last messenger dropped from its menu, dawn fired from the diagram, and
// agreement broken with the impossibility argument.

import { dragMessageToNode, expect, expectStep, openPlayground, shareFragment, test } from './helpers';

test('a premature timeout suspects a live process until its heartbeat arrives', async ({ page }) => {
  await openPlayground(page, shareFragment({
    version: 1,
    protocol: 'heartbeat',
    params: { nodes: 3, variant: 'eventually-perfect' },
    seed: 0,
    actions: [],
  }));
  // Node 0's heartbeat timer (timer 0), then node 1's timeout for node 0 (timer 4) with the
  // heartbeat still on its way.
  await page.getByTestId('timer-0').click();
  await expectStep(page, 1);
  await page.getByTestId('timer-4').click();
  await expectStep(page, 2);
  const accuracy = page.getByTestId('prop-strong-accuracy');
  await expect(accuracy).toHaveAttribute('data-status', 'violated');
  await expect(accuracy).toContainText('may fire while 0\'s heartbeat is still on its way');
  await expect(page.getByTestId('prop-eventual-accuracy')).toHaveAttribute('data-status', 'pending');
  const band = page.getByTestId('view-band-1-1');
  await expect(band.locator('text')).toHaveText('suspects 0');
  await expect(band.locator('title')).toHaveText('Node 1 suspects 0');
  await expect(page.getByText('suspect list (failure detector)')).toBeVisible();
  await expect(page.getByText('a detector can be complete or accurate, not both').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/heartbeat-false-suspicion.png', fullPage: true });

  await dragMessageToNode(page, 0, 1);
  await expectStep(page, 3);
  await expect(page.getByTestId('prop-eventual-accuracy')).toHaveAttribute('data-status', 'holds');
  await expect(accuracy).toHaveAttribute('data-status', 'violated');
});

test('under sync timing a timeout not yet due is refused, and a crash is detected', async ({ page }) => {
  await openPlayground(page, shareFragment({
    version: 1,
    protocol: 'heartbeat',
    params: { nodes: 3 },
    network: { timing: 'sync' },
    seed: 0,
    actions: [{ crash: 2 }],
  }));
  await expectStep(page, 1);
  // Node 0's timeout for node 1 (timer 1) is due at 2, after its heartbeat (due at 1): its token
  // is disabled, and the inspector says why; its Fire button is refused with the reason.
  await expect(page.getByTestId('timer-1')).toBeDisabled();
  await page.getByRole('button', { name: 'Show node 0 in the inspector' }).click();
  const inspector = page.locator('section.inspector');
  await expect(inspector).toContainText('Cannot fire yet: under synchronous timing the timers due soonest fire first: timer 0 is due before timer 1');
  await inspector.getByRole('button', { name: 'Fire timer 1', exact: true }).click();
  await expect(page.getByTestId('error')).toContainText('timer 0 is due before timer 1');
  await expectStep(page, 1);
  await page.getByTestId('timer-0').click();
  await expectStep(page, 2);
  await expect(page.getByTestId('prop-strong-completeness')).toHaveAttribute('data-status', 'pending');
});

test('the last messenger lost: one general attacks alone', async ({ page }) => {
  await openPlayground(page, shareFragment({
    version: 1,
    protocol: 'two-generals',
    params: { acks: 1 },
    seed: 0,
    actions: [],
  }));
  await page.getByTestId('timer-0').click();
  await expectStep(page, 1);
  await dragMessageToNode(page, 0, 1);
  await expectStep(page, 2);
  // General 1 sent the last message (ack 1) and attacked; the messenger is captured.
  await page.getByTestId('msg-1').click({ button: 'right' });
  await page.getByRole('menu').getByRole('menuitem', { name: /^Drop/ }).click();
  await expectStep(page, 3);
  // Dawn at general 0 (timer 1).
  await page.getByTestId('timer-1').click();
  await expectStep(page, 4);
  const agreement = page.getByTestId('prop-agreement');
  await expect(agreement).toHaveAttribute('data-status', 'violated');
  await expect(agreement).toContainText('no protocol guarantees agreement over a lossy channel');
  await expect(page.getByTestId('prop-non-triviality')).toHaveAttribute('data-status', 'holds');
  await page.screenshot({ path: 'test-results/two-generals-last-lost.png', fullPage: true });
});
