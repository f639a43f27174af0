// Every gallery scenario in web/scenarios/ opens from the scenario menu at its last step (or its
// cursor), on the right number of nodes, without an error; and the safety properties hold exactly
// when the algorithm's assumptions hold (correct variant, FIFO channels), so a flawed variant or
// unordered channels are caught on the page as in the core's tests.

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

const galleryDir = path.resolve(__dirname, '..', 'scenarios', 'chandy-lamport');
const gallery = fs
  .readdirSync(galleryDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ file: name, scenario: JSON.parse(fs.readFileSync(path.join(galleryDir, name), 'utf8')) as GalleryScenario }));

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
