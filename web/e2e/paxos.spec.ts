// Paxos and Paxos Commit in the page: a duel played by firing the proposers' retry timers (no
// decision, safety intact, the panel naming FLP), the chosen marker appearing at the point of no
// return, the Explorer catching a flawed proposer and opening its counterexample, proposers and
// their values set in the settings form, and Paxos Commit finishing what blocks 2PC.

import type { Page } from '@playwright/test';
import { expect, expectStep, openPlayground, propertyStatus, shareFragment, test } from './helpers';

const propose = (node: number) => ({ command: { node, cmd: 'propose' } });

/** Both propose; node 2 promises 1.0, node 0 proposes A, node 2 then promises 1.1 and refuses
 * 1.0's accept: node 0 is pre-empted, node 1 is proposing B in 1.1. */
const DUEL = {
  version: 1,
  protocol: 'paxos',
  params: { nodes: 3 },
  seed: 1,
  actions: [propose(0), propose(1), ...[1, 4, 3, 6, 8, 7].map((id) => ({ deliver: id }))],
};

const HAPPY = {
  version: 1,
  protocol: 'paxos',
  params: { nodes: 3 },
  seed: 1,
  actions: [propose(0), ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((id) => ({ deliver: id }))],
  cursor: 5,
};

async function deliverByKeyboard(page: Page, id: number) {
  const ghost = page.getByTestId(`msg-${id}`);
  await ghost.focus();
  await page.keyboard.press('Enter');
  await expect(ghost).toHaveCount(0);
}

test('two proposers that keep firing their retry timers pre-empt each other and never decide', async ({ page }) => {
  await openPlayground(page, shareFragment(DUEL));
  await expectStep(page, 8);
  // Node 0's retry: ballot 2.0; node 2 promises it and so refuses node 1's accept for 1.1.
  await page.getByTestId('timer-0').click();
  await expectStep(page, 9);
  await deliverByKeyboard(page, 12);
  await deliverByKeyboard(page, 10);
  await deliverByKeyboard(page, 14);
  await expectStep(page, 12);
  // Node 1's retry: ballot 3.1, which node 2 promises in turn.
  await page.getByTestId('timer-1').click();
  await deliverByKeyboard(page, 16);
  await expectStep(page, 14);

  const ballots = page.getByRole('table', { name: /^Ballots/ });
  await expect(ballots.getByRole('row', { name: /^1\.0 / })).toContainText('pre-empted by 1.1');
  await expect(ballots.getByRole('row', { name: /^1\.1 / })).toContainText('pre-empted by 2.0');
  for (const name of ['agreement', 'validity', 'integrity', 'chosen-stable']) {
    expect(await propertyStatus(page, name)).toBe('holds');
  }
  const termination = page.getByTestId('prop-termination');
  await expect(termination).toHaveAttribute('data-status', 'pending');
  await expect(termination).toContainText('round 3');
  await expect(termination).toContainText('FLP');
  await expect(page.getByTestId('mark-0')).toHaveCount(0);
});

test('the chosen marker appears at the step a majority accepts, before anyone decides', async ({ page }) => {
  await openPlayground(page, shareFragment(HAPPY));
  await expectStep(page, 5);
  await expect(page.getByTestId('mark-0')).toHaveCount(0);
  await page.getByRole('button', { name: /^Redo/ }).click();
  await expectStep(page, 6);
  const mark = page.getByTestId('mark-0');
  await expect(mark).toHaveCount(1);
  await expect(mark).toContainText('A chosen');
  await expect(mark.locator('title')).toContainText('Value A is chosen (at step 6)');
  await expect(page.getByTestId('mark-detail-0')).toContainText('though no process knows it yet');
  await expect(page.getByTestId('prop-chosen-stable')).toContainText('A is chosen (at step 6, ballot 1.0)');
  await expect(page.getByTestId('prop-agreement')).toContainText('Nobody has decided yet');
});

test('the Explorer catches a proposer that ignores the promises and opens the run', async ({ page }) => {
  const flawed = { version: 1, protocol: 'paxos', params: { variant: 'ignore-promises' }, seed: 0, actions: [] };
  await openPlayground(page, shareFragment(flawed));
  await page.getByTestId('explore-start').click();
  await expect(page.getByTestId('explore-status')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('explore-states')).toHaveText('14937');
  await expect(page.getByTestId('finding-chosen-stable')).toHaveAttribute('data-status', 'violated');
  await expect(page.getByTestId('finding-chosen-stable')).toContainText('8 step(s)');
  await expect(page.getByTestId('finding-agreement')).toContainText('10 step(s)');
  await page.getByTestId('open-finding-agreement').click();
  await expectStep(page, 10);
  expect(await propertyStatus(page, 'agreement')).toBe('violated');
  // A label without room beside its line is left out; the accessible name always says it.
  await expect(page.getByTestId('mark-0')).toHaveAttribute('aria-label', /^A chosen at step 5/);
  await expect(page.getByTestId('mark-1')).toHaveAttribute('aria-label', /^quorums meet at node 0 at step 7/);
  await expect(page.getByTestId('mark-2')).toHaveAttribute('aria-label', /^B chosen too at step 8/);
});

test('proposers and their values are set in the settings form', async ({ page }) => {
  await openPlayground(page, shareFragment(DUEL));
  const settings = page.getByRole('region', { name: 'Settings' });
  await settings.getByRole('checkbox', { name: 'Proposers: node 0' }).uncheck();
  await settings.getByRole('checkbox', { name: 'Proposers: node 2' }).check();
  // Node 1 keeps its value; node 2, new, gets the default for its place.
  await expect(settings.getByLabel('Values proposed, node 1')).toHaveValue('B');
  await expect(settings.getByLabel('Values proposed, node 2')).toHaveValue('B');
  await settings.getByLabel('Values proposed, node 2').fill('');
  await expect(settings.getByRole('alert')).toContainText('node 2');
  await settings.getByLabel('Values proposed, node 2').fill('tea');
  await settings.getByRole('button', { name: 'Apply the settings and start a new run' }).click();
  await expectStep(page, 0);
  await expect(page.getByRole('button', { name: 'Propose tea at node 2', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Propose .* at node 0$/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Propose tea at node 2', exact: true }).click();
  await expectStep(page, 1);
});

test('Paxos Commit: a participant finishes what the crashed leader started; with f = 0 it blocks', async ({ page }) => {
  await openPlayground(page);
  const open = async (title: string) => {
    await page.getByLabel(/^Scenarios \(showing/).click();
    await page.getByRole('button', { name: `Open scenario: ${title}`, exact: true }).click();
  };
  await open('Paxos Commit: the leader crashes after the votes; a participant finishes');
  await expectStep(page, 30);
  expect(await propertyStatus(page, 'termination')).toBe('holds');
  expect(await propertyStatus(page, 'non-blocking')).toBe('holds');
  const transaction = page.getByRole('table', { name: 'Transaction' });
  for (const node of [0, 1, 2]) {
    await expect(transaction.getByRole('row', { name: new RegExp(`^${node} `) })).toContainText('committed');
  }

  await open('Paxos Commit with f = 0: blocked like 2PC');
  await expectStep(page, 7);
  const termination = page.getByTestId('prop-termination');
  await expect(termination).toContainText('Blocked');
  await expect(termination).toContainText('more than f = 0 are down');
});
