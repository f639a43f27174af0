// Lockstep rounds, played by hand: FloodSet with f = 1 and one round too few. The Rounds panel
// begins round 1; node 0 crashes part-way through its round-1 sends, the learner choosing that
// only its message to node 2 gets out; ending the round delivers the rest, the processes decide,
// and agreement breaks with the crash counted in round 1. The same crash with f + 1 rounds,
// opened from the gallery, keeps agreement.

import { dragMessageToNode, expect, expectStep, openPlayground, shareFragment, test } from './helpers';

const ONE_ROUND = {
  version: 1,
  protocol: 'floodset',
  params: { nodes: 3, f: 1, rounds: 1 },
  seed: 0,
  actions: [],
};

test('end a round, crash a node mid-round choosing who hears it, and watch agreement break', async ({ page }) => {
  await openPlayground(page, shareFragment(ONE_ROUND));
  const endRound = page.locator('button.end-round');
  await expect(endRound).toHaveText('Begin round 1');
  await endRound.click();
  await expectStep(page, 1);
  await expect(endRound).toHaveText('End round 1');
  await expect(page.locator('.round-status')).toContainText('Round 1, the last');

  // Node 0 has just sent its input to nodes 1 and 2: the page asks which get out.
  await page.getByRole('button', { name: 'Crash node 0', exact: true }).click();
  const picker = page.getByTestId('crash-picker');
  await expect(picker).toBeVisible();
  await picker.getByLabel('m0 to node 1 gets out').uncheck();
  await picker.getByRole('button', { name: /^Crash/ }).click();
  await expectStep(page, 2);
  await expect(page.getByTestId('node-0')).toHaveClass(/\bcrashed\b/);

  await endRound.click();
  await expectStep(page, 3);
  await expect(endRound).toHaveText('Rounds over');
  await expect(endRound).toBeDisabled();
  await expect(page.getByTestId('prop-agreement')).toHaveAttribute('data-status', 'violated');
  await expect(page.getByTestId('prop-agreement')).toContainText(/decided 0 but process 1 decided 1/);
  await expect(page.getByTestId('prop-termination')).toHaveAttribute('data-status', 'holds');
  await expect(page.getByText('Crashes by round (round 1: 1)')).toBeVisible();
  await page.screenshot({ path: 'test-results/rounds-crash-chain.png', fullPage: true });
});

test('with f + 1 rounds the same crash leaves the processes agreeing', async ({ page }) => {
  await openPlayground(page, shareFragment({
    version: 1,
    protocol: 'floodset',
    params: { nodes: 3, f: 1 },
    seed: 1,
    actions: ['end-round', { crash: { node: 0, unsent: [0] } }, 'end-round', 'end-round'],
  }));
  await expectStep(page, 4);
  await expect(page.getByTestId('prop-agreement')).toHaveAttribute('data-status', 'holds');
  await expect(page.locator('button.end-round')).toHaveText('Rounds over');
});

test('the inspector keeps a node\'s state as the round began while messages arrive within it', async ({ page }) => {
  await openPlayground(page, shareFragment({
    version: 1,
    protocol: 'floodset',
    params: { nodes: 3, f: 1 },
    seed: 0,
    actions: ['end-round'],
  }));
  await expectStep(page, 1);
  await page.getByRole('button', { name: 'Show node 2 in the inspector' }).click();
  const inspector = page.locator('section.inspector');
  await expect(inspector).toContainText('At the start of round 1');
  const start = page.getByTestId('round-start');
  await expect(start).toContainText('{2}');

  // Node 0's round-1 message reaches node 2 within the round: W grows, the round's start stays.
  await dragMessageToNode(page, 1, 2);
  await expectStep(page, 2);
  await expect(inspector.locator('table.fields').first()).toContainText('{0, 2}');
  await expect(start).toContainText('{2}');
  await expect(start).not.toContainText('{0, 2}');
  await inspector.screenshot({ path: 'test-results/rounds-inspector-round-start.png' });

  await page.locator('button.end-round').click();
  await expectStep(page, 3);
  await expect(inspector).toContainText('At the start of round 2');
  await expect(start).toContainText('{0, 1, 2}');
});
