// The FLP bivalence explorer as a learner uses it: a bivalent start, the strip of valences over
// the diagram, the adversary extending the run while it stays bivalent, Lemma 3 at a step, a
// delivery chosen by hand that forces a decision, and Lemma 2's lattice with its colours.

import { dragMessageToNode, expect, expectStep, openPlayground, shareFragment, test } from './helpers';

const BIVALENT_START = {
  version: 1,
  protocol: 'flp',
  params: { inputs: [0, 1, 1] },
  seed: 0,
  actions: [],
};

test('the adversary extends a bivalent run, and every step stays bivalent', async ({ page }) => {
  test.setTimeout(120_000);
  await openPlayground(page, shareFragment(BIVALENT_START));
  const now = page.getByTestId('valence-now');
  await expect(now).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(now).toHaveAttribute('data-valence', 'both');
  await expect(now).toContainText('bivalent');

  await page.getByTestId('adversary-1').click();
  await expectStep(page, 1);
  await page.getByTestId('adversary-10').click();
  await expectStep(page, 11);
  await expect(now).toHaveAttribute('data-state', 'ready');
  await expect(now).toHaveAttribute('data-valence', 'both');
  await page.getByTestId('adversary-100').click();
  await expectStep(page, 111);
  await expect(now).toHaveAttribute('data-valence', 'both');
  await expect(now).toHaveAttribute('data-state', 'ready');
  // The strip over the diagram: every step drawn is bivalent.
  const ticks = page.locator('[data-testid="valence-strip"] rect');
  await expect(ticks.first()).toBeVisible();
  expect(await page.locator('[data-testid="valence-strip"] rect:not([data-valence="both"])').count()).toBe(0);
  await expect(page.getByTestId('prop-termination')).toHaveAttribute('data-status', 'pending');
  await page.screenshot({ path: 'test-results/flp-adversary.png', fullPage: true });
});

test('Lemma 3 at a step finds a bivalent configuration in D and takes the way to it', async ({ page }) => {
  test.setTimeout(120_000);
  await openPlayground(page, shareFragment(BIVALENT_START));
  await expect(page.getByTestId('valence-now')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('lemma3-compute').click();
  const result = page.getByTestId('lemma3-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(result).toContainText('e = (process 0, ∅): its start step, receiving nothing, the oldest pending event.');
  await expect(result).not.toHaveAttribute('data-bivalent', '0');
  await page.getByTestId('lemma3-take').click();
  await expect(page.getByTestId('valence-now')).toHaveAttribute('data-valence', 'both');
});

test('choosing events by hand can force a decision, and the strip shows where', async ({ page }) => {
  test.setTimeout(120_000);
  // Every process has started and process 1 has heard process 2's report of 1: still bivalent.
  await openPlayground(page, shareFragment({
    ...BIVALENT_START,
    actions: [{ fire: 0 }, { fire: 1 }, { fire: 2 }, { deliver: 5 }],
  }));
  const now = page.getByTestId('valence-now');
  await expect(now).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(now).toHaveAttribute('data-valence', 'both');
  // Process 2 now hears process 1's report of 1 too: both will propose 1, and 0 is gone.
  await dragMessageToNode(page, 3, 2);
  await expectStep(page, 5);
  await expect(now).toHaveAttribute('data-valence', 'one');
  await expect(page.locator('[data-testid="valence-strip"] rect[data-step="5"]')).toHaveAttribute('data-valence', 'one');
  await expect(page.locator('[data-testid="valence-strip"] rect[data-step="4"]')).toHaveAttribute('data-valence', 'both');
  await expect(page.getByTestId('adversary-1')).toBeDisabled();
  // Inputs 0, 0, 1 are 0-valent from the start: the adversary has nothing to keep open.
  await openPlayground(page, shareFragment({ ...BIVALENT_START, params: { inputs: [0, 0, 1] } }));
  await expect(now).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(now).toHaveAttribute('data-valence', 'zero');
});

test('Lemma 2: the lattice of initial configurations, coloured by valence', async ({ page }) => {
  test.setTimeout(180_000);
  await openPlayground(page, shareFragment(BIVALENT_START));
  await page.getByTestId('lattice-compute').click();
  await expect(page.getByTestId('lattice-status')).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
  const expected: Record<string, string> = {
    '000': 'zero', '001': 'zero', '010': 'zero', '100': 'zero',
    '011': 'both', '101': 'both', '110': 'both', '111': 'one',
  };
  for (const [inputs, valence] of Object.entries(expected)) {
    await expect(page.getByTestId(`lattice-${inputs}`)).toHaveAttribute('data-valence', valence);
  }
  await expect(page.getByTestId('lattice-explanation')).toContainText('Bivalent starts: 011, 101, 110');
  const status = await page.getByTestId('lattice-status').textContent();
  console.log(`[figures] FLP lattice in the worker: ${status}`);
  await page.locator('.lattice').screenshot({ path: 'test-results/flp-lattice.png' });
  // A vertex opens a run from that start.
  await page.getByTestId('lattice-111').click();
  await expect(page.getByTestId('valence-now')).toHaveAttribute('data-valence', 'one', { timeout: 60_000 });
});
