// Causality made visible: picking an event shades its causal past and future and fades what is
// concurrent with it; a toggle writes every event's vector timestamp beside it.

import type { Page } from '@playwright/test';
import { expect, openPlayground, shareFragment, test } from './helpers';

// Node 0 sends $10 to node 1, which receives it and then sends $5 to node 2; node 2 meanwhile
// sends $1 to node 0. Events: 0 command and 1 send at node 0; 2 receive, 3 command and 4 send at
// node 1; 5 command and 6 send at node 2.
const RUN = shareFragment({
  version: 1,
  protocol: 'chandy-lamport',
  params: { nodes: 3, balances: [100, 100, 100] },
  seed: 1,
  actions: [
    { command: { node: 0, cmd: { transfer: { to: 1, amount: 10 } } } },
    { deliver: 0 },
    { command: { node: 1, cmd: { transfer: { to: 2, amount: 5 } } } },
    { command: { node: 2, cmd: { transfer: { to: 0, amount: 1 } } } },
  ],
});

const relationOf = async (page: Page, event: number) =>
  (await page.getByTestId(`event-${event}`).getAttribute('class'))?.match(/causal-(\w+)/)?.[1] ?? 'none';

const relations = async (page: Page) => {
  const found: string[] = [];
  for (let event = 0; event <= 6; event++) found.push(await relationOf(page, event));
  return found;
};

test("picking an event shades its causal past and future, and fades what is concurrent with it", async ({ page }) => {
  await openPlayground(page, RUN);
  expect(await relations(page)).toEqual(Array(7).fill('none'));

  await page.getByTestId('event-2').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => relations(page)).toEqual([
    'past',
    'past',
    'picked',
    'future',
    'future',
    'concurrent',
    'concurrent',
  ]);
  await expect(page.getByTestId('causal-legend')).toContainText("e1's causal past (2 events)");
  await expect(page.getByTestId('event-5')).toHaveAttribute('aria-label', /concurrent with the picked event$/);

  // A second pick is compared with the first; the shading stays on e1.
  await page.getByTestId('event-5').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('clock-relation')).toContainText('concurrent');
  expect(await relationOf(page, 0)).toBe('past');

  await page.getByRole('button', { name: 'Clear the picked events' }).click();
  await expect.poll(() => relations(page)).toEqual(Array(7).fill('none'));
});

test('the vector clocks toggle writes each event\'s vector timestamp beside it', async ({ page }) => {
  await openPlayground(page, RUN);
  const stamp = (event: number) => page.getByTestId(`event-${event}`).locator('.event-vector');
  await expect(stamp(2)).toHaveCount(0);

  await page.getByTestId('show-vectors').check();
  await expect(stamp(0)).toHaveText('[1,0,0]');
  await expect(stamp(2)).toHaveText('[2,1,0]');
  await expect(stamp(6)).toHaveText('[0,0,2]');

  await page.getByTestId('show-vectors').uncheck();
  await expect(stamp(2)).toHaveCount(0);
});
