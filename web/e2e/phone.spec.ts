// The playground on a phone: a 375 px wide touch screen. Nothing overflows the page, the node
// rows show their balances, the diagram opens at its newest events, a finger drags a ghost onto
// its receiver's line without the browser turning the gesture into a scroll, and the In flight
// list delivers by taps.

import type { CDPSession, Page } from '@playwright/test';
import { balanceOf, expect, expectStep, giveCommand, openPlayground, sendTransfer, test } from './helpers';

const WIDTH = 375;

test.use({ viewport: { width: WIDTH, height: 740 }, isMobile: true, hasTouch: true });

test.beforeEach(async ({ page }) => {
  await openPlayground(page);
});

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** How wide the page is, and which elements outside the diagram's own scroller reach past the
 * right edge of the screen (by tag and class, for the failure message). */
async function overflow(page: Page): Promise<{ scrollWidth: number; beyond: string[] }> {
  return page.evaluate((width) => {
    const beyond = [...document.querySelectorAll('body *')]
      .filter((el) => !el.closest('.diagram-scroll'))
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > width + 0.5;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
    return { scrollWidth: document.documentElement.scrollWidth, beyond };
  }, WIDTH);
}

async function expectNoOverflow(page: Page): Promise<void> {
  expect(await overflow(page)).toEqual({ scrollWidth: WIDTH, beyond: [] });
}

/** Message `id`'s row in the In flight list (named "m0 $30 0 → 1"). */
function inFlightItem(page: Page, id: number) {
  return page.getByRole('region', { name: /^In flight/ }).getByRole('button', { name: new RegExp(`^m${id} `) });
}

/** The part of the diagram's scroller that is on screen, in client coordinates. */
async function diagramWindow(page: Page): Promise<Box> {
  return page.locator('.diagram-scroll').evaluate((el) => {
    const box = el.getBoundingClientRect();
    return { left: box.left, right: box.right, top: box.top, bottom: box.bottom };
  });
}

async function clientBox(page: Page, testId: string): Promise<Box> {
  return page.getByTestId(testId).evaluate((el) => {
    const box = el.getBoundingClientRect();
    return { left: box.left, right: box.right, top: box.top, bottom: box.bottom };
  });
}

/** Moves one finger from `from` to `to` in `steps` moves, as the touch screen reports it: the
 * browser decides from the page's touch-action whether this is a drag or a scroll. */
async function swipe(
  cdp: CDPSession,
  from: { x: number; y: number },
  to: { x: number; y: number },
  steps = 10,
): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
  for (let i = 1; i <= steps; i++) {
    const point = { x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

test('nothing overflows the page, on open and after a few actions', async ({ page }) => {
  await expectNoOverflow(page);

  await sendTransfer(page, 0, 1, 30);
  await sendTransfer(page, 2, 0, 5);
  await giveCommand(page, 1, 'Start snapshot');
  await page.getByRole('button', { name: 'Crash node 2', exact: true }).click();
  await expectStep(page, 4);
  await inFlightItem(page, 0).click();
  await expectNoOverflow(page);
});

test('the node rows show every balance and command in full', async ({ page }) => {
  await sendTransfer(page, 0, 1, 30);
  await expectStep(page, 1);
  expect(await balanceOf(page, 0)).toBe(70);

  for (const node of [0, 1, 2]) {
    const row = page.getByRole('button', { name: new RegExp(`^Node ${node} balance`) });
    const summary = row.locator('.node-summary');
    await expect(summary).toBeVisible();
    const clipped = await summary.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(clipped, `node ${node}'s summary is cut off`).toBe(false);
    for (const name of [`Start snapshot at node ${node}`, `Crash node ${node}`, `Recover node ${node}`]) {
      const box = await page.getByRole('button', { name, exact: true }).boundingBox();
      expect(box, name).not.toBeNull();
      expect(box!.x, name).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, name).toBeLessThanOrEqual(WIDTH);
    }
  }
});

test('the diagram opens at its newest events', async ({ page }) => {
  for (let sent = 1; sent <= 6; sent++) {
    await sendTransfer(page, sent % 3, (sent + 1) % 3, sent);
    await expectStep(page, sent);
    // The newest message has a ghost of its own, or its channel's group shows it by a count.
    const newest = sent - 1;
    const shown = (await page.getByTestId(`msg-${newest}`).count()) > 0 ? `msg-${newest}` : `group-${sent % 3}-${(sent + 1) % 3}`;
    await page.getByTestId(shown).scrollIntoViewIfNeeded();
    const view = await diagramWindow(page);
    const ghost = await clientBox(page, shown);
    expect(ghost.left, `${shown} starts inside the diagram's view`).toBeGreaterThanOrEqual(view.left);
    expect(ghost.right, `${shown} ends inside the diagram's view`).toBeLessThanOrEqual(view.right);
  }
});

test('a finger drags a ghost onto its receiver and delivers it', async ({ page, context }) => {
  await sendTransfer(page, 0, 1, 30);
  await expectStep(page, 1);
  const ghost = page.getByTestId('msg-0');
  await ghost.scrollIntoViewIfNeeded();
  const from = await clientBox(page, 'msg-0');
  const view = await diagramWindow(page);
  const line = await clientBox(page, 'node-1');
  const target = { x: Math.min(line.right, view.right) - 12, y: (line.top + line.bottom) / 2 };

  const cdp = await context.newCDPSession(page);
  await swipe(cdp, { x: (from.left + from.right) / 2, y: (from.top + from.bottom) / 2 }, target);

  await expectStep(page, 2);
  await expect(ghost).toHaveCount(0);
  expect(await balanceOf(page, 1)).toBe(130);
});

test('a finger elsewhere on the diagram still scrolls it', async ({ page, context }) => {
  for (let sent = 1; sent <= 4; sent++) {
    await sendTransfer(page, 0, 1, sent);
  }
  await expectStep(page, 4);
  const scroller = page.locator('.diagram-scroll');
  const scrollable = await scroller.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(scrollable, 'the diagram is wider than the screen').toBeGreaterThan(40);
  await page.getByTestId('node-2').scrollIntoViewIfNeeded();
  const line = await clientBox(page, 'node-2');
  const view = await diagramWindow(page);
  // Above node 2's line, where no ghost is: the finger pulls older steps into view.
  const y = line.top - 20;

  const cdp = await context.newCDPSession(page);
  await swipe(cdp, { x: view.left + 80, y }, { x: view.right - 20, y });

  // The scroller counts from its right end while it follows the newest steps, and from its left
  // end once held back (see scroll.rs): either way, its left edge moved back.
  const leftEdge = () =>
    scroller.evaluate((el) =>
      el.classList.contains('held') ? el.scrollLeft : el.scrollWidth - el.clientWidth + el.scrollLeft,
    );
  await expect.poll(leftEdge).toBeLessThan(scrollable - 20);
  await expectStep(page, 4);
});

test('the In flight list delivers by taps', async ({ page }) => {
  await sendTransfer(page, 0, 1, 30);
  await expectStep(page, 1);

  await inFlightItem(page, 0).tap();
  await page.getByRole('button', { name: 'Deliver message 0', exact: true }).tap();

  await expectStep(page, 2);
  expect(await balanceOf(page, 1)).toBe(130);
});
