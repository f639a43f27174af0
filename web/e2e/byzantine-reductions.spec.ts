// Consensus, Byzantine generals and interactive consistency from one another, played in the page:
// interactive consistency from four OM(1) instances (the Instances table, each process's tree of
// every instance), a traitor's lie made by hand among three processes breaking a loyal entry of a
// vector, and BG from C deciding the traitor leader's majority.

import { expect, expectStep, openPlayground, shareFragment, test } from './helpers';

function reduction(variant: string, generals: number, proposals: string[], traitors: object[], rounds: number) {
  return {
    version: 1,
    protocol: 'byzantine-reductions',
    params: { variant, generals, m: 1, proposals, traitors },
    seed: 0,
    actions: Array(rounds).fill('end-round'),
  };
}

test('IC from BG shows the four instances, every vector, and each instance\'s EIG tree', async ({ page }) => {
  const proposals = ['attack', 'retreat', 'attack', 'retreat'];
  await openPlayground(page, shareFragment(reduction('ic-from-bg', 4, proposals, [{ node: 3, strategy: 'split' }], 3)));
  await expectStep(page, 3);
  const table = page.locator('.protocol-table', { hasText: 'IC from BG: the 4 instances' });
  await expect(table.locator('tbody tr')).toHaveCount(4);
  await expect(table.locator('tbody tr').nth(0)).toContainText(/instance 0: 0 commands\s*proposes attack\s*attack\s*attack\s*attack/);
  await expect(table.locator('tbody tr').nth(3)).toContainText(/instance 3: 3 commands \(traitor\)\s*retreat\s*retreat\s*retreat\s*proposes retreat/);
  await expect(table).toContainText("The loyal processes' vectors agree: [attack, retreat, attack, retreat].");
  await expect(page.getByTestId('prop-agreement')).toHaveAttribute('data-status', 'holds');
  await expect(page.getByTestId('prop-validity')).toHaveAttribute('data-status', 'holds');
  await expect(page.getByTestId('prop-validity')).toContainText('IC validity');

  await page.getByRole('button', { name: 'Show node 0 in the inspector' }).click();
  await expect(page.getByTestId('tree')).toHaveCount(3);
  const instance3 = page.locator('.inspector-tree', { hasText: "Instance 3: process 0's EIG tree" }).getByTestId('tree');
  // The traitor told 0 retreat, 1 relays its attack, 2 relays retreat: the majority is retreat.
  await expect(instance3.locator('tbody tr').nth(0)).toContainText(/3 \(the commander\)\s*retreat\s*retreat/);
  await expect(instance3.locator('tbody tr').nth(1)).toContainText(/3→1\s*attack\s*attack/);
  await page.screenshot({ path: 'test-results/byzantine-reductions-ic.png', fullPage: true });
});

test('among three processes a hand-made lie breaks a loyal entry of a vector', async ({ page }) => {
  await openPlayground(page, shareFragment(reduction('ic-from-bg', 3, ['attack', 'attack', 'attack'], [{ node: 2, strategy: 'manual' }], 2)));
  await expectStep(page, 2);
  // Traitor 2 relays process 1's attack to process 0: message 11, "1→2 attack".
  await page.locator('.message-item', { hasText: 'm11' }).click();
  await expect(page.getByTestId('forge').getByRole('button')).toHaveText(['1→2 retreat', 'nothing (withhold it)']);
  await page.getByTestId('forge').getByRole('button', { name: /1→2 retreat/ }).click();
  await expectStep(page, 3);
  await page.locator('button.end-round').click();
  await expectStep(page, 4);
  await expect(page.getByTestId('prop-validity')).toHaveAttribute('data-status', 'violated');
  await expect(page.getByTestId('prop-validity')).toContainText("Loyal process 1 proposed attack, but loyal process 0's vector holds retreat in its place.");
  await expect(page.getByTestId('prop-agreement')).toHaveAttribute('data-status', 'violated');
  const table = page.locator('.protocol-table', { hasText: 'IC from BG: the 3 instances' });
  await expect(table).toContainText("The loyal processes' vectors differ");
});

test('BG from C: a splitting traitor leader, and every loyal process decides the same', async ({ page }) => {
  await openPlayground(page, shareFragment(reduction('bg-from-c', 4, ['attack', 'attack', 'attack', 'attack'], [{ node: 0, strategy: 'split' }], 4)));
  await expectStep(page, 4);
  const table = page.locator('.protocol-table', { hasText: 'BG from C: the 4 instances' });
  await expect(table.locator('tbody tr').nth(0)).toContainText(/the leader's value \(attack\)\s*sends it\s*attack\s*retreat\s*attack/);
  await expect(table.locator('tbody tr').last()).toContainText(/decision: the vector's majority\s*attack\s*attack\s*attack\s*attack/);
  await expect(page.getByTestId('prop-agreement')).toContainText('BG agreement');
  await expect(page.getByTestId('prop-validity')).toContainText('The leader is a traitor, so validity asks nothing.');
  await page.screenshot({ path: 'test-results/byzantine-reductions-bg.png', fullPage: true });
});
