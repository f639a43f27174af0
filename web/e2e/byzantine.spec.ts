// The Byzantine generals, played by hand. OM(1) among 3 generals with a manual traitor
// lieutenant: the learner picks the traitor's relay in the In flight panel, makes it say
// retreat instead of attack, ends the round, and watches IC2 break at the loyal lieutenant,
// whose EIG tree in the inspector shows the tie. With 4 generals the same lie is outvoted.

import { dragMessageToNode, expect, expectStep, openPlayground, shareFragment, test } from './helpers';

function om(generals: number, traitor: number) {
  return {
    version: 1,
    protocol: 'byzantine-om',
    params: { generals, m: 1, order: 'attack', traitors: [{ node: traitor, strategy: 'manual' }] },
    seed: 0,
    actions: ['end-round', 'end-round'],
  };
}

test('a manual traitor rewrites its relay in the page and IC2 breaks with 3 generals', async ({ page }) => {
  await openPlayground(page, shareFragment(om(3, 2)));
  await expectStep(page, 2);
  await expect(page.locator('.lane-label.traitor')).toHaveCount(1);
  await expect(page.locator('.lane-label.traitor')).toContainText('traitor');

  // Message 3 is traitor 2's relay to lieutenant 1: "0→2 attack".
  await page.locator('.message-item', { hasText: 'm3' }).click();
  const forge = page.getByTestId('forge');
  await expect(forge).toContainText('Node 2 is a traitor');
  await expect(forge.getByRole('button')).toHaveText(['0→2 retreat', 'nothing (withhold it)']);
  // A loyal general's message offers no such choice.
  await page.locator('.message-item', { hasText: 'm2' }).click();
  await expect(page.getByTestId('forge')).toHaveCount(0);

  await page.locator('.message-item', { hasText: 'm3' }).click();
  await page.getByTestId('forge').getByRole('button', { name: /0→2 retreat/ }).click();
  await expectStep(page, 3);
  await expect(page.locator('.message-item', { hasText: 'm3' })).toContainText('forged');
  await expect(page.locator('.message-item', { hasText: 'm3' })).toContainText('0→2 retreat');

  await page.locator('button.end-round').click();
  await expectStep(page, 4);
  await expect(page.getByTestId('prop-ic2')).toHaveAttribute('data-status', 'violated');
  await expect(page.getByTestId('prop-ic2')).toContainText('loyal lieutenant 1 obeys retreat');
  await expect(page.getByTestId('prop-ic1')).toHaveAttribute('data-status', 'holds');

  // Lieutenant 1's EIG tree: attack from the commander, retreat along 0→2, a tie: retreat.
  await page.getByRole('button', { name: 'Show node 1 in the inspector' }).click();
  const tree = page.getByTestId('tree');
  await expect(tree.locator('tbody tr')).toHaveCount(2);
  await expect(tree.locator('tbody tr').nth(0)).toContainText(/0 \(the commander\)\s*attack\s*retreat/);
  await expect(tree.locator('tbody tr').nth(1)).toContainText(/0→2\s*retreat\s*retreat/);
  await page.screenshot({ path: 'test-results/byzantine-om-n3.png', fullPage: true });
});

test('with 4 generals the same lie is outvoted, and the tree shows the majority', async ({ page }) => {
  await openPlayground(page, shareFragment(om(4, 3)));
  await expectStep(page, 2);
  // Traitor 3's relays are messages 7 (to 1) and 8 (to 2).
  for (const id of [7, 8]) {
    await page.locator('.message-item', { hasText: `m${id}` }).click();
    await page.getByTestId('forge').getByRole('button', { name: /retreat/ }).click();
  }
  await expectStep(page, 4);
  await page.locator('button.end-round').click();
  await expectStep(page, 5);
  await expect(page.getByTestId('prop-ic1')).toHaveAttribute('data-status', 'holds');
  await expect(page.getByTestId('prop-ic2')).toHaveAttribute('data-status', 'holds');
  await page.getByRole('button', { name: 'Show node 2 in the inspector' }).click();
  const rows = page.getByTestId('tree').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText(/attack\s*attack$/);
  await expect(rows.nth(2)).toContainText(/0→3\s*retreat\s*retreat/);
  await expect(page.locator('section.inspector')).toContainText('EIG tree of lieutenant 2');
  await page.locator('section.inspector').screenshot({ path: 'test-results/byzantine-om-eig-tree.png' });
});

test('the Explorer finds the traitor lieutenant with 3 generals and proves OM(1) with 4', async ({ page }) => {
  await openPlayground(page, shareFragment({ ...om(3, 2), actions: [] }));
  // A run with traitors asks whether they choose freely: by default, they do.
  await expect(page.getByTestId('explore-traitors-free')).toBeChecked();
  await page.getByTestId('explore-start').click();
  const status = page.getByTestId('explore-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('explore-states')).toHaveText('18');
  await expect(page.getByTestId('finding-ic2')).toHaveAttribute('data-status', 'violated');
  await expect(page.getByTestId('finding-ic2')).toContainText('4 step(s)');
  await expect(page.getByTestId('finding-ic1')).toHaveAttribute('data-status', 'holds');
  await page.getByTestId('open-finding-ic2').click();
  await expectStep(page, 4);
  await expect(page.getByTestId('prop-ic2')).toHaveAttribute('data-status', 'violated');
  await expect(page.locator('.message-item')).toHaveCount(0);

  await openPlayground(page, shareFragment({ ...om(4, 0), actions: [] }));
  await page.getByTestId('explore-start').click();
  await expect(page.getByTestId('explore-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('explore-states')).toHaveText('1881');
  await expect(page.getByTestId('finding-ic1')).toHaveAttribute('data-status', 'holds');
  await expect(page.getByTestId('finding-ic2')).toHaveAttribute('data-status', 'holds');
});

test('the twin of a 3-general run sits beside it, computed by running OM(1) again', async ({ page }) => {
  await openPlayground(page, shareFragment({
    ...om(3, 2),
    actions: ['end-round', 'end-round', { forge: { id: 3, payload: { path: [0, 2], order: 'retreat' } } }, 'end-round'],
  }));
  await expectStep(page, 4);
  const twin = page.locator('figure.protocol-table', { hasText: 'Lieutenant 1 cannot tell this run from its twin' });
  await expect(twin).toContainText('this run: lieutenant 2 is the traitor');
  await expect(twin).toContainText('its twin: the commander is the traitor');
  const rows = twin.locator('tbody tr');
  await expect(rows.nth(0)).toContainText(/receives from the commander\s*attack\s*attack/);
  await expect(rows.nth(1)).toContainText(/receives along 0→2\s*retreat\s*retreat/);
  await expect(rows.nth(4)).toContainText(/IC2\s*violated[\s\S]*holds: The commander is a traitor/);
  await twin.screenshot({ path: 'test-results/byzantine-om-twin.png' });
});

test('SM(1) with 3 generals: a traitor commander caught by its signatures, and a forged signature refused', async ({ page }) => {
  const signed = {
    version: 1,
    protocol: 'byzantine-sm',
    params: { generals: 3, m: 1, order: 'attack', traitors: [{ node: 0, strategy: 'manual' }] },
    seed: 0,
    actions: ['end-round'],
  };
  await openPlayground(page, shareFragment(signed));
  await expectStep(page, 1);
  // The traitor commander may sign either order, or both, for lieutenant 2.
  await page.locator('.message-item', { hasText: 'm1' }).click();
  await expect(page.getByTestId('forge').getByRole('button')).toHaveText([
    'retreat:0',
    'attack:0 + retreat:0',
    'nothing (withhold it)',
  ]);
  await page.getByTestId('forge').getByRole('button', { name: 'Make node 0 send retreat:0 as message 1' }).click();
  await page.locator('button.end-round').click();
  await page.locator('button.end-round').click();
  await expectStep(page, 4);
  await expect(page.getByTestId('prop-ic1')).toHaveAttribute('data-status', 'holds');
  const table = page.locator('figure.protocol-table', { hasText: 'What each lieutenant holds' });
  await expect(table).toContainText('{attack, retreat}');
  await expect(table).toContainText('Why signatures change the bound');
  await page.screenshot({ path: 'test-results/byzantine-sm.png', fullPage: true });

  // A hand-edited link in which lieutenant 2 forges the commander's signature is refused.
  await openPlayground(page, shareFragment({
    ...signed,
    traitors: undefined,
    params: { ...signed.params, traitors: [{ node: 2, strategy: 'manual' }] },
    actions: ['end-round', 'end-round', { forge: { id: 3, payload: { orders: [{ order: 'retreat', signatures: [0, 2] }] } } }],
  }));
  await expect(page.getByTestId('error')).toContainText("it cannot forge node 0's signature");
});

test('a message dragged within a round fills the tree at once, and a crashed lieutenant is left out', async ({ page }) => {
  await openPlayground(page, shareFragment({ ...om(4, 3), actions: ['end-round'] }));
  await expectStep(page, 1);
  await page.getByRole('button', { name: 'Show node 1 in the inspector' }).click();
  const root = page.getByTestId('tree').locator('tbody tr').nth(0);
  await expect(root).toContainText(/0 \(the commander\)\s*–/);
  // The commander's order to lieutenant 1 arrives before the round ends.
  await dragMessageToNode(page, 0, 1);
  await expectStep(page, 2);
  await expect(root).toContainText(/0 \(the commander\)\s*attack/);
  await page.getByRole('button', { name: 'Crash node 2', exact: true }).click();
  await expectStep(page, 3);
  await page.locator('button.end-round').click();
  await page.locator('button.end-round').click();
  await expectStep(page, 5);
  // Lieutenant 1 heard nothing from crashed lieutenant 2: retreat along 0→2, still outvoted.
  await expect(page.getByTestId('tree').locator('tbody tr').nth(1)).toContainText(/0→2\s*nothing: retreat/);
  await expect(page.getByTestId('prop-ic1')).toHaveAttribute('data-status', 'holds');
  await expect(page.getByTestId('prop-ic2')).toHaveAttribute('data-status', 'holds');
  await page.screenshot({ path: 'test-results/byzantine-om-drag-crash.png', fullPage: true });
});
