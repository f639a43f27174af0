// CAP on a replicated register: the same partition in both modes, opened from the gallery's
// files (cp refuses on the minority side and stays linearizable; ap answers with a stale value
// and converges after the heal), and a stale read played by hand in ap mode with the command
// forms and the keyboard.

import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, expectStep, openPlayground, propertyStatus, shareFragment, test } from './helpers';

function gallery(name: string): object {
  return JSON.parse(readFileSync(path.join(__dirname, '..', 'scenarios', 'replicated-register', `${name}.json`), 'utf8'));
}

async function deliverByKeyboard(page: Page, id: number) {
  const ghost = page.getByTestId(`msg-${id}`);
  await ghost.focus();
  await page.keyboard.press('Enter');
  await expect(ghost).toHaveCount(0);
}

test('one partition, two corners: cp refuses and stays linearizable, ap answers stale', async ({ page }) => {
  await openPlayground(page, shareFragment(gallery('cp-partition')));
  expect(await propertyStatus(page, 'linearizability')).toBe('holds');
  expect(await propertyStatus(page, 'availability')).toBe('violated');
  await expect(page.getByTestId('prop-availability')).toContainText('CP corner');
  await expect(page.locator('figure', { has: page.getByRole('table', { name: 'Replicas' }) })).toContainText(
    'the minority side of a partition refuses',
  );

  await openPlayground(page, shareFragment(gallery('ap-partition')));
  expect(await propertyStatus(page, 'linearizability')).toBe('violated');
  await expect(page.getByTestId('prop-linearizability')).toContainText('AP corner');
  expect(await propertyStatus(page, 'availability')).toBe('holds');
  expect(await propertyStatus(page, 'convergence')).toBe('holds');
});

test('in ap mode a read at another replica, before the update arrives, is stale', async ({ page }) => {
  const fresh = { version: 1, protocol: 'replicated-register', params: { mode: 'ap' }, seed: 0, actions: [] };
  await openPlayground(page, shareFragment(fresh));
  await page.getByLabel('Node that sends the commands').selectOption('3');
  const write = page.getByRole('form', { name: 'Write at node 3' });
  await write.getByLabel('value').fill('7');
  await write.getByLabel('at replica').selectOption('0');
  await page.getByRole('button', { name: 'Write at node 3', exact: true }).click();
  await expectStep(page, 1);
  await deliverByKeyboard(page, 0); // replica 0 answers at once and sends the update on
  await deliverByKeyboard(page, 3); // the client has its answer
  const read = page.getByRole('form', { name: 'Read at node 3' });
  await read.getByLabel('at replica').selectOption('1');
  await page.getByRole('button', { name: 'Read at node 3', exact: true }).click();
  await deliverByKeyboard(page, 4);
  await deliverByKeyboard(page, 5);
  await expectStep(page, 6);
  expect(await propertyStatus(page, 'linearizability')).toBe('violated');
  await expect(page.getByTestId('prop-linearizability')).toContainText('returned 0 at step 6');
  // The update still reaches replica 1: the replicas converge.
  await deliverByKeyboard(page, 1);
  await deliverByKeyboard(page, 2);
  expect(await propertyStatus(page, 'convergence')).toBe('holds');
});
