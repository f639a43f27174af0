// Two- and three-phase commit in the page, as a user drives them: the textbook 2PC blocking case
// produced by hand (commit, drag each prepare, crash the coordinator), timers fired from the
// diagram and from the inspector, and the 3PC partition scenario losing atomicity.

import { type Page } from '@playwright/test';
import {
  dragMessageToNode,
  expect,
  expectStep,
  giveCommand,
  inFlightMessages,
  openPlayground,
  propertyStatus,
  test,
} from './helpers';

/** Starts a blank two-phase commit run (three participants voting yes) from the settings form,
 * with the given timing model. */
async function blankTwoPhaseCommit(page: Page, timing: 'Asynchronous' | 'Synchronous' = 'Asynchronous') {
  await openPlayground(page);
  await page.getByLabel('Protocol', { exact: true }).selectOption('two-phase-commit');
  await page.getByRole('radio', { name: `${timing} timing`, exact: true }).check();
  await page.getByRole('button', { name: 'Apply the settings and start a new run' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Two-phase commit');
  await expectStep(page, 0);
  for (const node of [0, 1, 2, 3]) {
    await expect(page.getByTestId(`node-${node}`)).toBeAttached();
  }
}

/** The inspector's row `label` for `node`. */
async function inspectorField(page: Page, node: number, label: string) {
  await page.getByRole('button', { name: `Show node ${node} in the inspector` }).click();
  const inspector = page.locator('section.inspector');
  await expect(inspector.getByText(`Node ${node}`, { exact: true })).toBeVisible();
  return inspector.getByRole('row', { name: new RegExp(`^${label}\\b`) }).getByRole('cell');
}

test('2PC blocks when the coordinator crashes after every participant prepared', async ({ page }) => {
  await blankTwoPhaseCommit(page);

  await giveCommand(page, 0, 'Commit (client)');
  await expectStep(page, 1);
  const prepares = await inFlightMessages(page);
  expect(prepares.map((m) => m.to)).toEqual([1, 2, 3]);
  await expect(page.getByRole('button', { name: 'Commit (client) at node 0', exact: true })).toHaveCount(0);

  for (const [index, prepare] of prepares.entries()) {
    await dragMessageToNode(page, prepare.id, prepare.to);
    await expectStep(page, 2 + index);
  }
  expect((await inFlightMessages(page)).map((m) => m.to)).toEqual([0, 0, 0]);
  expect(await propertyStatus(page, 'termination')).toBe('pending');
  await expect(page.getByTestId('prop-termination')).not.toContainText('Blocked');
  await expect(page.getByTestId('blocked-termination')).toHaveCount(0);

  await page.getByRole('button', { name: 'Crash node 0', exact: true }).click();

  await expectStep(page, 5);
  const termination = page.getByTestId('prop-termination');
  await expect(termination).toHaveAttribute('data-status', 'pending');
  await expect(termination).toContainText('Blocked: every prepared participant is uncertain and the coordinator is down');
  // "Blocked" has a badge of its own, in place of "pending".
  await expect(page.getByTestId('blocked-termination')).toHaveText('blocked');
  await expect(termination.locator('.badge-pending')).toHaveCount(0);
  expect(await propertyStatus(page, 'atomicity')).toBe('holds');
  expect(await propertyStatus(page, 'commit-validity')).toBe('holds');

  for (const participant of [1, 2, 3]) {
    await expect(await inspectorField(page, participant, 'status')).toHaveText('prepared');
    await expect(await inspectorField(page, participant, 'locks')).toHaveText('held');
    await expect(await inspectorField(page, participant, 'durable log')).toHaveText('prepared');
  }
  const table = page.getByRole('table', { name: 'Transaction' });
  for (const participant of [1, 2, 3]) {
    await expect(table.getByRole('row', { name: new RegExp(`^${participant} participant prepared held`) })).toBeVisible();
  }

  await page.getByRole('button', { name: 'Recover node 0', exact: true }).click();
  await expectStep(page, 6);
  await expect(termination).not.toContainText('Blocked');
  await expect(page.getByTestId('blocked-termination')).toHaveCount(0);
});

test('a timer fires from the diagram: a premature prepare timeout aborts the participant', async ({ page }) => {
  await blankTwoPhaseCommit(page);
  await giveCommand(page, 0, 'Commit (client)');
  await expectStep(page, 1);
  await expect(page.getByTestId('timing-note')).toContainText('Timing: async');

  // Participant 1's prepare timeout (timer 0, set at the start) fires while its prepare is on
  // its way: under asynchronous timing that is allowed, and the participant aborts on its own.
  await page.getByTestId('timer-0').click();

  await expectStep(page, 2);
  await expect(page.getByTestId('timer-0')).toHaveCount(0);
  await expect(await inspectorField(page, 1, 'status')).toHaveText('aborted');
  await expect(await inspectorField(page, 1, 'locks')).toHaveText('released');
  await expect(await inspectorField(page, 1, 'durable log')).toHaveText('abort');
  expect(await propertyStatus(page, 'atomicity')).toBe('holds');
});

test('a timer fires from the inspector, and under sync timing an early one is refused with the reason', async ({ page }) => {
  await blankTwoPhaseCommit(page, 'Synchronous');
  await giveCommand(page, 0, 'Commit (client)');
  await expectStep(page, 1);
  await expect(page.getByTestId('timing-note')).toContainText('Timing: sync');

  await page.getByRole('button', { name: 'Show node 2 in the inspector' }).click();
  const inspector = page.locator('section.inspector');
  await expect(inspector).toContainText('prepare timeout');
  await expect(inspector).toContainText('Cannot fire yet: under synchronous timing timer 1');
  await inspector.getByRole('button', { name: 'Fire timer 1', exact: true }).click();
  await expect(page.getByTestId('error')).toContainText('Under synchronous timing timer 1 fires only once no message is on its way');
  await expectStep(page, 1);

  // Once the network has lost every prepare, nothing is on its way: the timeout now means a
  // failure, and it fires.
  for (const [index, prepare] of (await inFlightMessages(page)).entries()) {
    await page.getByTestId(`msg-${prepare.id}`).focus();
    await page.keyboard.press('x');
    await expectStep(page, 2 + index);
  }
  expect(await inFlightMessages(page)).toEqual([]);
  await page.getByRole('button', { name: 'Show node 2 in the inspector' }).click();
  await expect(inspector).not.toContainText('Cannot fire yet');
  await inspector.getByRole('button', { name: 'Fire timer 1', exact: true }).click();

  await expectStep(page, 5);
  await expect(inspector.getByRole('button', { name: 'Fire timer 1', exact: true })).toHaveCount(0);
  await expect(await inspectorField(page, 2, 'status')).toHaveText('aborted');
});

test('participants set to ask vote from their own buttons', async ({ page }) => {
  await openPlayground(page);
  await page.getByLabel('Protocol', { exact: true }).selectOption('two-phase-commit');
  await page.getByLabel('Participants', { exact: true }).fill('2');
  await page.getByLabel('Votes (ask: you vote), 1 of 2').selectOption('ask');
  await page.getByLabel('Votes (ask: you vote), 2 of 2').selectOption('ask');
  await page.getByRole('button', { name: 'Apply the settings and start a new run' }).click();
  await expectStep(page, 0);
  await expect(page.getByTestId('node-3')).toHaveCount(0);

  await giveCommand(page, 0, 'Commit (client)');
  const prepares = await inFlightMessages(page);
  await expect(page.getByRole('button', { name: 'Vote yes at node 1', exact: true })).toHaveCount(0);
  await dragMessageToNode(page, prepares[0].id, prepares[0].to);
  await expectStep(page, 2);

  await giveCommand(page, 1, 'Vote no');
  await expectStep(page, 3);
  await expect(page.getByRole('button', { name: 'Vote yes at node 1', exact: true })).toHaveCount(0);
  await expect(await inspectorField(page, 1, 'status')).toHaveText('aborted');
});

test('the 3PC partition scenario from the menu loses atomicity, with its witness', async ({ page }) => {
  await openPlayground(page);
  await page.getByLabel(/^Scenarios \(showing/).click();
  await page
    .getByRole('group', { name: 'Three-phase commit' })
    .getByRole('button', { name: 'Open scenario: 3PC: a partition splits the outcome', exact: true })
    .click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Three-phase commit');
  await expectStep(page, 17);
  const atomicity = page.getByTestId('prop-atomicity');
  await expect(atomicity).toHaveAttribute('data-status', 'violated');
  await expect(atomicity.getByText('the coordinator (node 0) committed at step 11 but node 2 aborted at step 16')).toBeVisible();
  await expect(atomicity).toContainText('Assumption broken by the user');
  await expect(page.getByTestId('timing-note')).toContainText('Timing: sync');
});
