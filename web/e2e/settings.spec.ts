// The settings form follows the chosen protocol's own settings: switching protocol resets the
// form to that protocol's defaults, per-item settings grow and shrink with their count, flawed
// variants say so, and a bad value shows the core's reason inline instead of starting a run.

import { expect, expectStep, openPlayground, test } from './helpers';

test('switching protocol shows its settings, and a bad value gets the core reason inline', async ({ page }) => {
  await openPlayground(page);
  const settings = page.getByRole('region', { name: 'Settings' });
  await expect(settings.getByLabel('Nodes', { exact: true })).toHaveValue('3');
  await expect(settings.getByRole('spinbutton', { name: /^Starting balances/ })).toHaveCount(3);

  await settings.getByLabel('Protocol', { exact: true }).selectOption('two-phase-commit');

  await expect(settings.getByLabel('Nodes', { exact: true })).toHaveCount(0);
  await expect(settings.getByLabel('Participants', { exact: true })).toHaveValue('3');
  const votes = settings.getByRole('combobox', { name: /^Votes/ });
  await expect(votes).toHaveCount(3);
  await expect(votes.first()).toHaveValue('yes');
  await expect(settings.getByRole('checkbox', { name: 'Cooperative termination' })).not.toBeChecked();
  await expect(settings.getByRole('radio', { name: 'Asynchronous timing', exact: true })).toBeChecked();
  const variants = settings.getByLabel('Algorithm variant');
  await expect(variants.getByRole('option', { name: 'majority-commit (flawed)' })).toHaveCount(1);
  await variants.selectOption('majority-commit');
  await expect(settings).toContainText('Flawed: the coordinator commits once a majority voted yes');

  const start = settings.getByRole('button', { name: 'Apply the settings and start a new run' });
  await settings.getByLabel('Participants', { exact: true }).fill('9');
  await expect(settings.getByRole('alert')).toHaveText(
    'bad params for two-phase-commit: participants must be between 2 and 7, not 9.',
  );
  await expect(start).toBeDisabled();
  await expect(votes).toHaveCount(7);

  await settings.getByLabel('Participants', { exact: true }).fill('2');
  await expect(settings.getByRole('alert')).toHaveCount(0);
  await expect(votes).toHaveCount(2);
  await start.click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Two-phase commit');
  await expectStep(page, 0);
  await expect(page.getByTestId('node-2')).toBeAttached();
  await expect(page.getByTestId('node-3')).toHaveCount(0);
  await expect(page.getByTestId('error')).toHaveCount(0);
});
