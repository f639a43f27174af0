// PBFT played in the page: a silent primary replaced by a view change made by hand (the client's
// request, its retry broadcast, each backup's view-change timer fired from the inspector, every
// message dragged to its replica), the equivocating primary's gallery run with the null request
// in O, and the Explorer's shortest counterexample to the weak-quorums variant opened as a run.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { deliverEverything, expect, expectStep, giveCommand, openPlayground, shareFragment, stepNumber, test } from './helpers';

function pbft(params: object) {
  return { version: 1, protocol: 'pbft', params, seed: 0, actions: [] };
}

async function fireTimer(page: import('@playwright/test').Page, node: number, name: string) {
  await page.getByRole('button', { name: `Show node ${node} in the inspector` }).click();
  const timer = page.locator('section.inspector .timer-item', { hasText: name }).first();
  const before = await stepNumber(page);
  await timer.getByRole('button', { name: /^Fire timer \d+$/ }).click();
  await expectStep(page, before + 1);
}

test('a silent primary is replaced by a view change played by hand', async ({ page }) => {
  await openPlayground(page, shareFragment(pbft({ f: 1, traitors: [{ node: 0, strategy: 'silent' }] })));
  await expect(page.locator('.lane-label.traitor')).toHaveCount(1);
  await giveCommand(page, 4, 'Request op1');
  await expectStep(page, 1);
  await deliverEverything(page);
  await expect(page.getByTestId('prop-liveness')).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('prop-liveness')).toContainText('the primary of view 0, replica 0, is a traitor: a view change is needed');

  // The client's retry broadcasts the request; each backup now runs a view-change timer.
  await fireTimer(page, 4, 'retry');
  await deliverEverything(page);
  for (const backup of [1, 2, 3]) {
    await fireTimer(page, backup, 'view change');
  }
  await expect(page.getByTestId('prop-liveness')).toContainText('a view change to view 1 is under way (its new primary is replica 1)');
  await deliverEverything(page);

  await expect(page.getByTestId('prop-liveness')).toHaveAttribute('data-status', 'holds');
  await expect(page.getByTestId('prop-agreement')).toHaveAttribute('data-status', 'holds');
  await expect(page.getByTestId('prop-client-safety')).toHaveAttribute('data-status', 'holds');
  const changes = page.locator('.protocol-table', { hasText: 'View changes' });
  await expect(changes.locator('tbody tr').nth(1)).toContainText(/^1\s*1\s*primary\s*#1 op1 \(v1\)/);
  await page.getByRole('button', { name: 'Show node 4 in the inspector' }).click();
  await expect(page.locator('section.inspector')).toContainText('op1 = 1');
  await page.screenshot({ path: 'test-results/pbft-view-change.png', fullPage: true });
});

test('the equivocating primary gallery run puts the null request at #1 of view 1', async ({ page }) => {
  const scenario = JSON.parse(readFileSync(path.join(__dirname, '..', 'scenarios', 'pbft', 'equivocating-primary-view-change.json'), 'utf8'));
  await openPlayground(page, shareFragment(scenario));
  await expectStep(page, scenario.actions.length);
  await expect(page.getByTestId('prop-agreement')).toHaveAttribute('data-status', 'holds');
  await expect(page.getByTestId('prop-liveness')).toHaveAttribute('data-status', 'holds');
  const logs = page.locator('.protocol-table', { hasText: "Replicas' logs" });
  // Replica 2 prepared the null request in view 0; view 1 commits it at #1 and op1 at #2.
  await expect(logs).toContainText(/2\s*v0\s*#1\s*null\s*2\/2\s*2\/3\s*prepared/);
  await expect(logs).toContainText(/2\s*v1\s*#1\s*null\s*2\/2\s*3\/3\s*committed/);
  await expect(logs).toContainText(/2\s*v1\s*#2\s*op1\s*2\/2\s*3\/3\s*committed/);
});

test('the Explorer finds the weak-quorums disagreement in 9 steps and opens it as a run', async ({ page }) => {
  await openPlayground(page, shareFragment(pbft({ f: 1, variant: 'weak-quorums', traitors: [{ node: 0, strategy: 'manual' }] })));
  await page.getByLabel('Max depth').fill('9');
  await page.getByTestId('explore-start').click();
  await expect(page.getByTestId('explore-status')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('finding-agreement')).toHaveAttribute('data-status', 'violated');
  await expect(page.getByTestId('finding-agreement')).toContainText('9 step(s)');
  await page.getByTestId('open-finding-agreement').click();
  await expectStep(page, 9);
  await expect(page.getByTestId('prop-agreement')).toHaveAttribute('data-status', 'violated');
  await page.screenshot({ path: 'test-results/pbft-weak-quorums.png', fullPage: true });
});
