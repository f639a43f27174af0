// Long runs stay legible: a 2,000-step link opens at its start with its step numbers in view; the
// page holds about as many elements at step 2,000 as at step 200 (only what is near the view is
// drawn); the time axis zooms (buttons, keys, Ctrl + wheel) and the overview strip moves the
// view; a gallery scenario opens at its start; and the view keeps its place while the run grows.

import type { Page } from '@playwright/test';
import { expect, expectStep, longRunLink, openPlayground, test } from './helpers';

/** The numbers of the step axis that are inside the diagram's scroller, in order. */
async function stepNumbersInView(page: Page): Promise<number[]> {
  return page.locator('.diagram-scroll').evaluate((scroller) => {
    const clip = scroller.getBoundingClientRect();
    return [...scroller.querySelectorAll('.step-number')]
      .filter((text) => {
        const box = text.getBoundingClientRect();
        return box.left >= clip.left + 60 && box.right <= clip.right;
      })
      .map((text) => Number(text.textContent));
  });
}

/** The steps the overview says are in view. */
async function stepsInView(page: Page): Promise<{ from: number; to: number }> {
  const text = await page.getByTestId('overview').getAttribute('aria-valuetext');
  const [, from, to] = /^steps (\d+) to (\d+) of/.exec(text ?? '')!;
  return { from: Number(from), to: Number(to) };
}

const middle = (steps: { from: number; to: number }) => (steps.from + steps.to) / 2;

const elementCount = (page: Page) => page.evaluate(() => document.querySelectorAll('*').length);

test.describe('a long run', () => {
  test.describe.configure({ timeout: 60_000 });

  test('a 2,000-step link opens at its start, with step numbers in view', async ({ page }) => {
    await openPlayground(page, longRunLink(2000));
    await expectStep(page, 2000);
    const shown = await stepNumbersInView(page);
    expect(shown[0]).toBe(1);
    expect(shown.length).toBeGreaterThan(10);
    await expect(page.getByTestId('overview')).toHaveAttribute('aria-valuetext', /^steps 1 to \d+ of 2000 in view$/);
  });

  test('the page holds about as many elements at step 2,000 as at step 200', async ({ page }) => {
    const counts: Record<string, number> = {};
    for (const steps of [200, 2000]) {
      await openPlayground(page, longRunLink(steps));
      await expectStep(page, steps);
      counts[`${steps} at the start`] = await elementCount(page);
      await page.getByTestId('overview').focus();
      await page.keyboard.press('End');
      await expect(page.getByTestId('overview')).toHaveAttribute('aria-valuetext', new RegExp(` to ${steps} of ${steps} in view$`));
      counts[`${steps} at the end`] = await elementCount(page);
    }
    console.log('DOM elements:', JSON.stringify(counts));
    for (const where of ['at the start', 'at the end']) {
      expect(counts[`2000 ${where}`], where).toBeLessThan(counts[`200 ${where}`] * 1.5);
    }
  });

  test('the time axis zooms out to fit the run and back, by buttons, keys and Ctrl + wheel', async ({ page }) => {
    await openPlayground(page, longRunLink(500));
    await expectStep(page, 500);
    const level = page.getByTestId('zoom-reset');
    await expect(level).toHaveText('100%');
    const natural = await stepNumbersInView(page);

    await page.getByTestId('zoom-fit').click();
    await expect(level).not.toHaveText('100%');
    const window = page.getByTestId('overview-window');
    const whole = (await page.getByTestId('overview').boundingBox())!;
    await expect.poll(async () => (await window.boundingBox())!.width).toBeGreaterThan(whole.width * 0.95);
    const fitted = await stepNumbersInView(page);
    expect(fitted[0]).toBe(1);
    expect(fitted[fitted.length - 1], 'the last numbered step is near the end').toBeGreaterThan(400);
    expect(fitted.slice(1).every((step) => step % 10 === 0), `round numbers: ${fitted}`).toBe(true);

    await page.getByTestId('zoom-reset').click();
    await expect(level).toHaveText('100%');
    await page.getByTestId('zoom-in').click();
    await expect(level).toHaveText('150%');
    await page.getByTestId('zoom-out').click();
    await page.getByTestId('zoom-out').click();
    await expect(level).toHaveText('67%');

    // Keys zoom about the middle of the view: the step there stays there.
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('0');
    await expect(level).toHaveText('100%');
    const strip = (await page.getByTestId('overview').boundingBox())!;
    await page.mouse.click(strip.x + strip.width / 2, strip.y + strip.height / 2);
    await expect.poll(async () => (await stepsInView(page)).from).toBeGreaterThan(100);
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    const before = await stepsInView(page);
    await page.keyboard.press('-');
    await expect(level).toHaveText('67%');
    // Zoomed out, more steps are in view, around the same middle.
    await expect
      .poll(async () => {
        const after = await stepsInView(page);
        return after.to - after.from > before.to - before.from && Math.abs(middle(after) - middle(before)) <= 2;
      })
      .toBe(true);
    await page.keyboard.press('+');
    await expect(level).toHaveText('100%');

    const scroller = await page.locator('.diagram-scroll').boundingBox();
    await page.mouse.move(scroller!.x + scroller!.width / 2, scroller!.y + 200);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, 400);
    await page.keyboard.up('Control');
    await expect.poll(async () => parseFloat((await level.textContent()) ?? '100')).toBeLessThan(60);
  });

  test('the overview strip moves the view, by pointer and by keys', async ({ page }) => {
    await openPlayground(page, longRunLink(2000));
    await expectStep(page, 2000);
    const overview = page.getByTestId('overview');
    const strip = (await overview.boundingBox())!;
    const click = strip.x + strip.width / 2;
    await page.mouse.click(click, strip.y + strip.height / 2);
    // The frame of the view on the strip is centred where the strip was pressed.
    const frame = page.getByTestId('overview-window');
    await expect.poll(async () => {
      const box = (await frame.boundingBox())!;
      return Math.abs(box.x + box.width / 2 - click);
    }).toBeLessThan(3);
    const centred = await stepsInView(page);
    expect(centred.from).toBeGreaterThan(300);
    expect(centred.to).toBeLessThan(2000);
    expect((await stepNumbersInView(page))[0]).toBeGreaterThanOrEqual(centred.from);
    await page.keyboard.press('PageDown');
    await expect.poll(async () => (await stepNumbersInView(page))[0]).toBeGreaterThan(centred.from);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await stepNumbersInView(page))[0]).toBe(1);
  });

  test('stepping while scrolled back keeps the stretch in view where it was', async ({ page }) => {
    await openPlayground(page, longRunLink(300));
    await expectStep(page, 300);
    const before = await stepNumbersInView(page);
    expect(before[0]).toBe(1);
    for (let i = 0; i < 3; i++) {
      await page.getByRole('button', { name: /^Step/ }).first().click();
    }
    await expectStep(page, 303);
    expect(await stepNumbersInView(page)).toEqual(before);
  });
});

test('a gallery scenario wider than the screen opens at its start', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 900 });
  await openPlayground(page);
  await page.getByLabel(/^Scenarios \(showing/).click();
  await page
    .getByRole('button', { name: 'Open scenario: 3PC: the participants finish without the coordinator', exact: true })
    .click();
  await expectStep(page, 25);
  const scroller = page.locator('.diagram-scroll');
  expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth), 'the drawing is wider than the screen').toBe(true);
  expect((await stepNumbersInView(page))[0]).toBe(1);
});
