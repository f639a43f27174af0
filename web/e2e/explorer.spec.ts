// The Explorer as a learner uses it: exhaustive model checking of the run's protocol in a Web
// Worker, with progress, Cancel, verdicts over every state, and counterexamples that open as runs.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Page } from '@playwright/test';
import { expect, expectStep, openPlayground, propertyStatus, shareFragment, test } from './helpers';

/** A blank run of flawed two-phase commit: the coordinator commits on a majority of yes votes. */
const MAJORITY_COMMIT = {
  version: 1,
  protocol: 'two-phase-commit',
  params: { participants: 3, votes: ['yes', 'yes', 'no'], variant: 'majority-commit' },
  seed: 0,
  actions: [],
};

/** Correct two-phase commit with four participants: large enough to watch it work. */
const LARGE_CORRECT = {
  version: 1,
  protocol: 'two-phase-commit',
  params: { participants: 4 },
  seed: 0,
  actions: [],
};

async function explore(page: Page) {
  await page.getByTestId('explore-start').click();
  await expect(page.getByTestId('explore-status')).toHaveAttribute('data-state', /running|done/);
}

test('exploring flawed 2PC finds the atomicity violation and opens it as a run', async ({ page }) => {
  const workerFetches: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('synod-explorer')) workerFetches.push(request.url());
  });
  await openPlayground(page, shareFragment(MAJORITY_COMMIT));
  const status = page.getByTestId('explore-status');
  await expect(status).toHaveAttribute('data-state', 'idle');
  // The worker (its script and its wasm) is fetched on the first Explore, not with the page.
  expect(workerFetches).toEqual([]);

  await explore(page);
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  expect(workerFetches.some((url) => url.endsWith('synod-explorer_bg.wasm'))).toBe(true);
  // The same exploration `synod check` does: the states are counted the same way.
  await expect(page.getByTestId('explore-states')).toHaveText('5897');
  await expect(page.getByTestId('finding-atomicity')).toHaveAttribute('data-status', 'violated');
  await expect(page.getByTestId('finding-commit-validity')).toHaveAttribute('data-status', 'violated');
  await expect(page.getByTestId('finding-termination')).toHaveAttribute('data-status', 'holds');
  await expect(page.getByTestId('finding-atomicity')).toContainText('6 step(s)');

  await page.getByTestId('open-finding-atomicity').click();
  await expectStep(page, 6);
  expect(await propertyStatus(page, 'atomicity')).toBe('violated');
  await expect(page.getByTestId('prop-atomicity')).toContainText('step 6');
  // An ordinary run: undo goes back one step, before the violation.
  await page.getByRole('button', { name: /^Undo/ }).click();
  await expectStep(page, 5);
  expect(await propertyStatus(page, 'atomicity')).toBe('holds');
});

test('the page stays responsive while the worker explores, and Cancel stops it', async ({ page }) => {
  await openPlayground(page, shareFragment(LARGE_CORRECT));
  await page.getByTestId('explore-crashes').fill('1');
  await page.getByTestId('explore-recoveries').fill('1');
  await page.getByTestId('explore-drops').fill('1');
  await page.getByTestId('explore-max-states').fill('5000000');
  await explore(page);
  const status = page.getByTestId('explore-status');
  await expect(status).toHaveAttribute('data-state', 'running');
  // Progress arrives while it runs.
  await expect
    .poll(async () => Number(await page.getByTestId('explore-states').textContent()), { timeout: 15_000 })
    .toBeGreaterThan(2000);

  // A click on the page is handled at once: the coordinator takes the client's commit.
  await page.getByRole('button', { name: 'Commit (client) at node 0', exact: true }).click();
  await expectStep(page, 1);
  await expect(status).toHaveAttribute('data-state', 'running');

  await page.getByTestId('explore-cancel').click();
  await expect(status).toHaveAttribute('data-state', 'cancelled');
  const frozen = await page.getByTestId('explore-states').textContent();
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('explore-states')).toHaveText(frozen ?? '');
  await expect(page.getByTestId('explore-cancel')).toBeDisabled();
  await expect(page.getByTestId('explore-start')).toBeEnabled();
});

test('exploring from this step finds that a blocked 2PC run can never terminate', async ({ page }) => {
  const blocking = JSON.parse(
    fs.readFileSync(path.resolve(__dirname, '..', 'scenarios', 'two-phase-commit', 'blocking.json'), 'utf8'),
  );
  expect(blocking.cursor).toBe(10);
  await openPlayground(page, shareFragment(blocking));
  await expectStep(page, 10);
  await page.getByTestId('explore-from-here').check();
  await explore(page);
  const status = page.getByTestId('explore-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(status).toContainText('from step 10');
  await expect(page.getByTestId('finding-termination')).toHaveAttribute('data-status', 'violated');
  await expect(page.getByTestId('finding-termination')).toContainText('after 0 step(s)');
  await expect(page.getByTestId('finding-atomicity')).toHaveAttribute('data-status', 'holds');
});

test('a bad limit is a clear message, not an exploration', async ({ page }) => {
  await openPlayground(page, shareFragment(MAJORITY_COMMIT));
  await page.getByTestId('explore-max-states').fill('0');
  await page.getByTestId('explore-start').click();
  const status = page.getByTestId('explore-status');
  await expect(status).toHaveAttribute('data-state', 'error');
  await expect(status).toContainText('Max states must be a whole number from 1 to 5000000');
  await page.getByTestId('explore-max-states').fill('1000');
  await page.getByTestId('explore-timeouts').fill('lots');
  await page.getByTestId('explore-start').click();
  await expect(status).toContainText('Timeouts must be a whole number from 0 to 20, not "lots".');
  // Empty again: the protocol's default.
  await page.getByTestId('explore-timeouts').fill('');
  await explore(page);
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(page.getByTestId('explore-states')).toHaveText('1000');
  await expect(status).toContainText('Incomplete');
});
