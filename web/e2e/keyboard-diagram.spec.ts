// The diagram is one Tab stop: Tab enters it and the next Tab leaves it, however long the run;
// inside, arrow keys move between events, ghosts and timers, Enter acts on the item reached,
// Escape returns to the diagram, and Tab back in lands where the user was.

import type { Page } from '@playwright/test';
import { expect, expectStep, longRunLink, openPlayground, sendTransfer, test } from './helpers';

/** The test id of the focused element, and whether it is inside the diagram's drawing. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    return {
      id: active?.getAttribute('data-testid') ?? active?.getAttribute('aria-label') ?? active?.tagName ?? '',
      inside: !!active?.closest('[data-testid="diagram"]'),
    };
  });

test('a 2,000-step run is one Tab stop: Tab enters the diagram and the next Tab leaves it', async ({ page }) => {
  await openPlayground(page, longRunLink(2000));
  await expectStep(page, 2000);
  const diagram = page.getByTestId('diagram');
  expect(await diagram.locator('[tabindex="0"]').count(), 'no item inside is a Tab stop').toBe(0);
  await expect(diagram).toHaveAttribute('tabindex', '0');

  // The "Draw a cut" toggle is the last control before the drawing.
  await page.getByTestId('draw-cut').focus();
  await page.keyboard.press('Tab');
  await expect(diagram).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await focused(page)).id).toMatch(/^(event|msg|timer|group)-/);
  await page.keyboard.press('Tab');
  expect((await focused(page)).inside, 'the next Tab leaves the diagram').toBe(false);

  await page.keyboard.press('Shift+Tab');
  await expect.poll(async () => (await focused(page)).id, 'Tab back in returns to the item last visited').toMatch(
    /^(event|msg|timer|group)-/,
  );
});

test('arrow keys move along a line, between lines and to its ends; Escape returns to the diagram', async ({ page }) => {
  await openPlayground(page);
  await sendTransfer(page, 0, 1, 10);
  await sendTransfer(page, 0, 2, 20);
  await sendTransfer(page, 0, 1, 30);
  await expectStep(page, 3);

  await page.getByTestId('event-0').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('event-1')).toBeFocused();
  // Each transfer is a command and its send: six events on node 0's line.
  await page.keyboard.press('End');
  await expect(page.getByTestId('event-5')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('event-0')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('event-0')).toBeFocused();

  // Node 1 has no events yet: the ghost of the group bound for it is the nearest item below.
  await page.keyboard.press('ArrowDown');
  await expect.poll(async () => (await focused(page)).id).toMatch(/^(msg-0|group-0-1)$/);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('diagram')).toBeFocused();
});

test('Enter on a ghost reached by the keyboard delivers it', async ({ page }) => {
  await openPlayground(page);
  await sendTransfer(page, 0, 1, 30);
  await expectStep(page, 1);
  await page.getByTestId('event-0').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('msg-0')).toBeFocused();
  await page.keyboard.press('Enter');
  await expectStep(page, 2);
  await expect(page.getByTestId('msg-0')).toHaveCount(0);
});

test('closing the keyboard help with Escape leaves the focus on the diagram item that had it', async ({ page }) => {
  await openPlayground(page);
  await sendTransfer(page, 0, 1, 30);
  await expectStep(page, 1);
  await page.getByTestId('event-0').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('event-1')).toBeFocused();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await expect(page.getByTestId('event-1')).toBeFocused();
});
