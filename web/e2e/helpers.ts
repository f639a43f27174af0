// Shared helpers for the end-to-end specs. They speak only the page's stable hooks (issue 3):
// data-testid="diagram", "node-{i}", "msg-{id}", "prop-{name}" with data-status, "step", and the
// controls' ARIA labels. Specs import `test` and `expect` from here, not from @playwright/test, so
// that every test fails on a console error or an uncaught exception.

import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';

export { expect };

/** The three Chandy-Lamport properties, by the names their rows carry (`prop-{name}`). */
export const PROPERTY_NAMES = ['snapshot-termination', 'consistent-cut', 'conservation'] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];
export type PropertyStatus = 'holds' | 'violated' | 'pending';

/** Collects console errors and uncaught exceptions from every page of the test's context.
 * Warnings do not count: Chromium warns about Trunk's SRI preload links, harmlessly. */
function watchForErrors(context: BrowserContext, page: Page): string[] {
  const errors: string[] = [];
  const watch = (p: Page) => {
    p.on('console', (message) => {
      if (message.type() === 'error') {
        const where = message.location().url;
        errors.push(`console error: ${message.text()}${where ? ` (${where})` : ''}`);
      }
    });
    p.on('pageerror', (error) => errors.push(`uncaught exception: ${error.message}`));
  };
  watch(page);
  context.on('page', watch);
  return errors;
}

/** `test` with one automatic check after each test: the page logged no error. */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ context, page }, use) => {
      const errors = watchForErrors(context, page);
      await use(errors);
      expect(errors, 'console errors and uncaught exceptions during the test').toEqual([]);
    },
    { auto: true },
  ],
});

/** Opens the playground (at the base URL, a sub-path) with an optional fragment such as
 * `#s=...`, and waits until the app has rendered its diagram. */
export async function openPlayground(page: Page, hash = ''): Promise<void> {
  // A goto that changes only the fragment would not reload the page; start from a blank one.
  if (page.url() !== 'about:blank') {
    await page.goto('about:blank');
  }
  const fragment = hash === '' || hash.startsWith('#') ? hash : `#${hash}`;
  await page.goto(`./${fragment}`);
  await expect(page.getByTestId('diagram')).toBeVisible();
}

/** The part of an element's box that is on screen: clipped by every scrolling or clipping
 * ancestor and by the viewport. */
export async function visibleBox(page: Page, testId: string) {
  const element = page.getByTestId(testId);
  await element.scrollIntoViewIfNeeded();
  return element.evaluate((el) => {
    const box = el.getBoundingClientRect();
    let { left, right, top, bottom } = box;
    for (let a = el.parentElement; a; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
        const clip = a.getBoundingClientRect();
        left = Math.max(left, clip.left);
        right = Math.min(right, clip.right);
        top = Math.max(top, clip.top);
        bottom = Math.min(bottom, clip.bottom);
      }
    }
    left = Math.max(left, 0);
    right = Math.min(right, window.innerWidth);
    top = Math.max(top, 0);
    bottom = Math.min(bottom, window.innerHeight);
    return { left, right, top, bottom };
  });
}

/** Drags in-flight message `msgId` onto node `nodeId`'s line, as a user does with the mouse:
 * press on the ghost's centre, move in a few steps, release on the line near the right end of
 * its visible part (where "now" is on a time axis that flows right). */
export async function dragMessageToNode(page: Page, msgId: number, nodeId: number): Promise<void> {
  const ghost = page.getByTestId(`msg-${msgId}`);
  await ghost.scrollIntoViewIfNeeded();
  const from = await ghost.boundingBox();
  if (from === null) {
    throw new Error(`msg-${msgId} is not rendered`);
  }
  const line = await visibleBox(page, `node-${nodeId}`);
  if (line.right <= line.left) {
    throw new Error(`node-${nodeId}'s line is not visible`);
  }
  const target = {
    x: line.right - Math.min(12, (line.right - line.left) / 4),
    y: (line.top + line.bottom) / 2,
  };
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x, target.y, { steps: 5 });
  await page.mouse.up();
}

/** An in-flight message as the In flight list describes it. */
export interface InFlight {
  id: number;
  to: number;
  /** Why it cannot be delivered now, if it cannot (e.g. it waits behind another on a FIFO channel). */
  blocked: boolean;
}

/** The messages in flight, in id order, read from the In flight list's rows ("m3 marker 1 1 → 2",
 * marked "waits" when they cannot be delivered now). */
export async function inFlightMessages(page: Page): Promise<InFlight[]> {
  // The In flight list names every message, where the diagram shows a channel's group by its head.
  const more = page.locator('.message-list ~ [data-testid="show-more"][aria-expanded="false"]');
  if ((await more.count()) > 0) await more.click();
  const items = await page.locator('.message-list .message-item').evaluateAll((elements) =>
    elements.map((el) => ({
      id: el.querySelector('.message-id')?.textContent ?? '',
      route: el.querySelector('.message-route')?.textContent ?? '',
      waits: el.classList.contains('waits'),
    })),
  );
  return items
    .map(({ id, route, waits }) => {
      const to = route.match(/→ (\d+)$/);
      if (to === null || !/^m\d+$/.test(id)) {
        throw new Error(`an In flight row reads ${JSON.stringify(id)} ${JSON.stringify(route)}`);
      }
      return { id: Number(id.slice(1)), to: Number(to[1]), blocked: waits };
    })
    .sort((a, b) => a.id - b.id);
}

/** Delivers every in-flight message by dragging, each time the lowest-numbered one that can be
 * delivered, until none is left; each drop must advance the step by one. Returns the ids in the
 * order they were delivered. */
export async function deliverEverything(page: Page, limit = 100): Promise<number[]> {
  const delivered: number[] = [];
  for (let round = 0; round < limit; round++) {
    const messages = await inFlightMessages(page);
    if (messages.length === 0) {
      return delivered;
    }
    const next = messages.find((m) => !m.blocked);
    if (next === undefined) {
      throw new Error(`messages ${messages.map((m) => m.id).join(', ')} are in flight but none can be delivered`);
    }
    const before = await stepNumber(page);
    await dragMessageToNode(page, next.id, next.to);
    await expectStep(page, before + 1);
    await expect(page.getByTestId(`msg-${next.id}`)).toHaveCount(0);
    delivered.push(next.id);
  }
  throw new Error(`still delivering after ${limit} messages`);
}

/** A node's balance as its row in the node list shows it (a button named "Node 1 balance 110"). */
export async function balanceOf(page: Page, node: number): Promise<number> {
  const row = page.getByRole('button', { name: new RegExp(`^Node ${node} balance`) });
  const text = (await row.textContent()) ?? '';
  const balance = text.match(/balance\D*(\d+)/);
  if (balance === null) {
    throw new Error(`node ${node}'s row shows no balance: ${JSON.stringify(text)}`);
  }
  return Number(balance[1]);
}

/** Gives `node` the command named `label` that has nothing to fill in (a button on the node's
 * row, named "<label> at node N"), e.g. "Start snapshot", "Commit (client)", "Vote yes". */
export async function giveCommand(page: Page, node: number, label: string): Promise<void> {
  await page.getByRole('button', { name: `${label} at node ${node}`, exact: true }).click();
}

/** Makes `from` send `amount` to `to` with its "Send transfer" form (a form with inputs, shown
 * for the node chosen under "Commands from"). */
export async function sendTransfer(page: Page, from: number, to: number, amount: number): Promise<void> {
  await page.getByLabel('Node that sends the commands').selectOption(String(from));
  const form = page.getByRole('form', { name: `Send transfer at node ${from}`, exact: true });
  await form.getByRole('combobox', { name: 'To', exact: true }).selectOption(String(to));
  await form.getByRole('spinbutton', { name: 'Amount', exact: true }).fill(String(amount));
  await form.getByRole('button', { name: `Send transfer at node ${from}`, exact: true }).click();
}

/** Makes `node` initiate a snapshot. */
export async function startSnapshot(page: Page, node: number): Promise<void> {
  await giveCommand(page, node, 'Start snapshot');
}

/** The current step, read from `[data-testid=step]` (its first number, or its value if it is
 * an input). */
export async function stepNumber(page: Page): Promise<number> {
  const text = await page
    .getByTestId('step')
    .evaluate((el) => (el instanceof HTMLInputElement ? el.value : (el.textContent ?? '')));
  const digits = text.match(/\d+/);
  if (digits === null) {
    throw new Error(`the step element holds no number: ${JSON.stringify(text)}`);
  }
  return Number(digits[0]);
}

/** A property row's `data-status`: holds, violated or pending. */
export async function propertyStatus(page: Page, name: PropertyName | string): Promise<string> {
  const status = await page.getByTestId(`prop-${name}`).getAttribute('data-status');
  if (status === null) {
    throw new Error(`prop-${name} has no data-status`);
  }
  return status;
}

/** Waits until every property row shows `status`. */
export async function expectEveryProperty(page: Page, status: PropertyStatus): Promise<void> {
  for (const name of PROPERTY_NAMES) {
    await expect(page.getByTestId(`prop-${name}`), `property ${name}`).toHaveAttribute('data-status', status);
  }
}

/** Waits until the step counter shows `step`. */
export async function expectStep(page: Page, step: number): Promise<void> {
  await expect.poll(() => stepNumber(page), { message: 'the step counter' }).toBe(step);
}

/** The URL fragment (`#s=...`) that opens `scenario`, built as the core's share codec builds it:
 * a version byte (1) and the raw-deflated JSON, in URL-safe base64 without padding. Written
 * independently of the Rust codec, so a link made by hand is tested as a teacher would make it. */
export function shareFragment(scenario: object): string {
  const json = Buffer.from(JSON.stringify(scenario), 'utf8');
  const payload = Buffer.concat([Buffer.from([1]), deflateRawSync(json, { level: 9 })]);
  return `#s=${payload.toString('base64url')}`;
}

/** The share fragment of a random run of the CLI's scheduler: Chandy-Lamport on 8 nodes, seed 42,
 * `steps` steps long, as `synod random ... --json` makes it, so the page is tested on the runs an
 * autograder or a learner's long session makes. */
export function longRunLink(steps: number): string {
  const cached = longRunLinks.get(steps);
  if (cached !== undefined) return cached;
  const repo = path.resolve(__dirname, '..', '..');
  // Built by global-setup.ts before the first test.
  const synod = (args: string[]) =>
    execFileSync(path.join(repo, 'target', 'debug', 'synod'), args, {
      cwd: repo,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
  const report = JSON.parse(
    synod(['random', 'chandy-lamport', '--params', '{"nodes": 8}', '--seed', '42', '--steps', String(steps), '--json']),
  );
  const link = shareFragment(report.scenario);
  longRunLinks.set(steps, link);
  return link;
}

/** Links made so far by this test worker, by run length: the CLI runs once per length. */
const longRunLinks = new Map<number, string>();

/** Expands the group of in-flight messages from `from` to `to` on the diagram, so that each has
 * its own ghost (a group shows only its head until then). */
export async function expandChannel(page: Page, from: number, to: number): Promise<void> {
  const badge = page.getByTestId(`group-${from}-${to}`);
  await expect(badge).toHaveAttribute('aria-expanded', 'false');
  await badge.click();
  await expect(badge).toHaveAttribute('aria-expanded', 'true');
}

/** The issue's example run: every kind of action, legal step by step, ending with a dropped
 * marker so that snapshot termination is violated. */
export const ISSUE_EXAMPLE = {
  version: 1,
  protocol: 'chandy-lamport',
  params: { nodes: 3, balances: [100, 100, 100] },
  seed: 7,
  actions: [
    { command: { node: 0, cmd: { transfer: { to: 1, amount: 30 } } } },
    { command: { node: 1, cmd: 'snapshot' } },
    { deliver: 0 },
    { deliver: 1 },
    { drop: 2 },
    { duplicate: 4 },
    { crash: 2 },
    { recover: 2 },
    { partition: [[0, 1], [2]] },
    'heal',
  ],
};
