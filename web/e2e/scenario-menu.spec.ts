// Every gallery scenario in web/scenarios/ opens from the scenario menu at its last step (or its
// cursor), on the right number of nodes, without an error. For Chandy-Lamport the safety
// properties hold exactly when the algorithm's assumptions hold (correct variant, FIFO channels);
// for the commit protocols a flawed variant breaks a safety property, correct two-phase commit
// never does, and correct three-phase commit loses atomicity only when the user broke one of its
// assumptions (a partition, a premature timeout). So the page catches what the core's tests catch.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, expectStep, openPlayground, propertyStatus, test } from './helpers';

interface GalleryScenario {
  title: string;
  params: { nodes: number; variant?: string };
  network?: { channels?: string };
  actions: unknown[];
  cursor?: number;
}

/** The gallery files of one protocol, by file name. */
function galleryOf<T>(protocol: string): { file: string; scenario: T }[] {
  const dir = path.resolve(__dirname, '..', 'scenarios', protocol);
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ file: name, scenario: JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as T }));
}

const gallery = galleryOf<GalleryScenario>('chandy-lamport');

test('the gallery holds at least three Chandy-Lamport scenarios', () => {
  expect(gallery.length).toBeGreaterThanOrEqual(3);
});

for (const { file, scenario } of gallery) {
  test(`gallery scenario ${file} opens from the menu`, async ({ page }) => {
    await openPlayground(page);
    await page.getByLabel(/^Scenarios \(showing/).click();
    await page.getByRole('button', { name: `Open scenario: ${scenario.title}`, exact: true }).click();

    await expectStep(page, scenario.cursor ?? scenario.actions.length);
    await expect(page.getByLabel(`Scenarios (showing ${scenario.title})`)).toBeVisible();
    await expect(page.getByTestId('error')).toHaveCount(0);
    for (let node = 0; node < scenario.params.nodes; node++) {
      await expect(page.getByTestId(`node-${node}`)).toBeAttached();
    }
    await expect(page.getByTestId(`node-${scenario.params.nodes}`)).toHaveCount(0);

    const assumptionsHold =
      (scenario.params.variant ?? 'correct') === 'correct' && (scenario.network?.channels ?? 'fifo') === 'fifo';
    const safety = [await propertyStatus(page, 'consistent-cut'), await propertyStatus(page, 'conservation')];
    if (assumptionsHold) {
      expect(safety, 'safety properties of the correct algorithm on FIFO channels').toEqual(['holds', 'holds']);
    } else {
      expect(safety, 'a flawed variant or unordered channels must be caught').toContain('violated');
    }
  });
}

interface CommitScenario {
  title: string;
  params: { participants: number; variant?: string };
  actions: unknown[];
  cursor?: number;
}

const COMMIT_PROTOCOLS = [
  { name: 'two-phase-commit', title: 'Two-phase commit' },
  { name: 'three-phase-commit', title: 'Three-phase commit' },
];

for (const protocol of COMMIT_PROTOCOLS) {
  for (const { file, scenario } of galleryOf<CommitScenario>(protocol.name)) {
    test(`gallery scenario ${protocol.name}/${file} opens from its group in the menu`, async ({ page }) => {
      await openPlayground(page);
      await page.getByLabel(/^Scenarios \(showing/).click();
      await page
        .getByRole('group', { name: protocol.title })
        .getByRole('button', { name: `Open scenario: ${scenario.title}`, exact: true })
        .click();

      await expectStep(page, scenario.cursor ?? scenario.actions.length);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(protocol.title);
      await expect(page.getByTestId('error')).toHaveCount(0);
      const nodes = scenario.params.participants + 1;
      await expect(page.getByTestId(`node-${nodes - 1}`)).toBeAttached();
      await expect(page.getByTestId(`node-${nodes}`)).toHaveCount(0);

      const atomicity = await propertyStatus(page, 'atomicity');
      const safety = [atomicity, await propertyStatus(page, 'commit-validity')];
      if ((scenario.params.variant ?? 'correct') !== 'correct') {
        expect(safety, 'a flawed variant must be caught').toContain('violated');
      } else if (protocol.name === 'two-phase-commit') {
        expect(safety, 'correct two-phase commit is always safe').toEqual(['holds', 'holds']);
      } else if (atomicity === 'violated') {
        await expect(page.getByTestId('prop-atomicity')).toContainText('Assumption broken by the user');
      }
    });
  }
}

test('the open scenario keeps its title and story in sight above the diagram', async ({ page }) => {
  await openPlayground(page);
  const [{ scenario }] = gallery;
  await expect(page.getByTestId('scenario-description')).not.toContainText(scenario.title);
  await page.getByLabel(/^Scenarios \(showing/).click();
  await page.getByRole('button', { name: `Open scenario: ${scenario.title}`, exact: true }).click();
  await expect(page.getByTestId('scenario-description')).toContainText(scenario.title);
});

test('closing the keyboard help with Escape gives the focus back to its button', async ({ page }) => {
  await openPlayground(page);
  await page.getByRole('button', { name: 'Keyboard shortcuts', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.getByRole('button', { name: 'Close keyboard shortcuts' }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Keyboard shortcuts', exact: true })).toBeFocused();
});
