// Prints how long the page's main thread works for one Step, one Undo and a scrub jump on a long
// Chandy-Lamport run (8 nodes) in Debian's Chromium, two ways:
// - "to the DOM": performance.now() marks from the gesture until the page's DOM shows the new
//   step (a MutationObserver on the step counter, which fires once Yew has rendered everything):
//   the work the page's own code does;
// - "until idle": the growth of Chromium's TaskDuration metric (script, style, layout and paint)
//   from just before the gesture until the page is idle again, less the same measure of a
//   gesture-free call: everything the gesture costs the main thread, the browser's share included.
// Each figure is the median of 9 gestures (5 for the scrub jumps, back and forth). The link opens
// at step 1, so those gestures are made with the view held at the run's start; one more row
// times Step with the view following the newest steps at the right end.
// Then, per run length: how long the link takes to open (navigation start until the step counter
// shows the run's last step), the elements and Tab stops the page holds, and how many steps per
// second Run manages when set to 20/s.
// A figure, not a test: it never fails on time.
//
// Usage (after `trunk build --release`): node web/perf/page-timings.mjs [STEPS ...]   (default 500 1000 2000)
// PROTOCOL and PARAMS (environment) time another protocol's random run instead.

import { execFileSync, spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const port = Number(process.env.PERF_PORT ?? 8795);
const sizes = process.argv.slice(2).map(Number);
const stepsList = sizes.length ? sizes : [500, 1000, 2000];
// Another protocol's long run: PROTOCOL=fifo-multicast PARAMS='{"nodes": 4}' node ...
const PROTOCOL = process.env.PROTOCOL ?? 'chandy-lamport';
const PARAMS = process.env.PARAMS ?? '{"nodes": 8}';

function synod(args) {
  return execFileSync('cargo', ['run', '-q', '--release', '-p', 'synod-cli', '--', ...args], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
}

/** The share fragment of a random 8-node Chandy-Lamport run of `steps` steps. */
function longRun(steps) {
  const report = JSON.parse(
    synod(['random', PROTOCOL, '--params', PARAMS, '--seed', '42', '--steps', String(steps), '--json']),
  );
  const file = path.join(process.env.TMPDIR ?? '/tmp', `synod-perf-${steps}.json`);
  execFileSync('python3', ['-c', `import json,sys; open(sys.argv[1],"w").write(sys.stdin.read())`, file], {
    input: JSON.stringify(report.scenario),
  });
  return synod(['encode', file]).trim();
}

/** Milliseconds from running `press` in the page until the step counter changes. */
async function toTheDom(page, press) {
  return page.evaluate(async (press) => {
    const step = document.querySelector('[data-testid="step"]');
    const before = step.textContent;
    const changed = new Promise((resolve) => {
      const watcher = new MutationObserver(() => {
        if (step.textContent !== before) {
          watcher.disconnect();
          resolve();
        }
      });
      watcher.observe(step, { subtree: true, childList: true, characterData: true });
    });
    performance.mark('gesture');
    new Function(press)();
    await changed;
    return performance.measure('rendered', 'gesture').duration;
  }, press);
}

/** Main-thread milliseconds that running `press` in the page costs, until the page is idle. */
async function untilIdle(page, cdp, press) {
  const taskMs = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration').value * 1000;
  };
  const settle = () => page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
  await settle();
  const before = await taskMs();
  await page.evaluate((press) => new Function(press)(), press);
  await settle();
  const work = (await taskMs()) - before;
  const idleBefore = await taskMs();
  await page.evaluate(() => {});
  await settle();
  const overhead = (await taskMs()) - idleBefore;
  return Math.max(0, work - overhead);
}

const click = (label) => `document.querySelector('button[aria-label="${label}"]').click()`;
const scrubTo = (fraction) =>
  `const s = document.querySelector('input[aria-label="Scrubber: the step to show"]');
   s.value = String(Math.round(Number(s.max) * ${fraction}));
   s.dispatchEvent(new Event('input', { bubbles: true }));`;

const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', path.join(repo, 'dist')], {
  stdio: 'ignore',
});
await new Promise((resolve) => setTimeout(resolve, 800));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const row = (steps, figures, elements) =>
  `${String(steps).padStart(5)}   ${figures.map((f, i) => f.toFixed(1).padStart([9, 9, 20, 17][i])).join('   ')}   ${String(elements).padStart(12)}`;
/** Steps per second that Run manages at `speed` over `seconds`, from the step counter. */
async function runRate(page, speed, seconds) {
  await page.evaluate((speed) => {
    const s = document.querySelector('input[aria-label="Speed in steps per second"]');
    s.value = String(speed);
    s.dispatchEvent(new Event('input', { bubbles: true }));
  }, speed);
  const counter = async () => Number(await page.getByTestId('step').textContent());
  const from = await counter();
  await page.evaluate(() => document.querySelector('button[aria-label="Run"]').click());
  const started = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const to = await counter();
  const elapsed = (Date.now() - started) / 1000;
  await page.evaluate(() => document.querySelector('button[aria-label="Pause"]').click());
  return (to - from) / elapsed;
}

const header = 'steps   Step (ms)   Undo (ms)   scrub to middle (ms)   scrub to end (ms)   DOM elements';
try {
  const rows = { dom: [], idle: [], page: [], following: [] };
  for (const steps of stepsList) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Notes the moment the step counter first shows the run's last step.
    await page.addInitScript((last) => {
      new MutationObserver((_, watcher) => {
        if (document.querySelector('[data-testid="step"]')?.textContent === last) {
          window.__opened = performance.now();
          watcher.disconnect();
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    }, String(steps));
    await page.goto(`http://127.0.0.1:${port}/#${longRun(steps)}`);
    await page.waitForFunction(() => window.__opened !== undefined);
    await page.waitForTimeout(500);
    const opened = await page.evaluate(() => window.__opened);
    const elements = await page.evaluate(() => document.querySelectorAll('*').length);
    const tabStops = await page.evaluate(() => document.querySelectorAll('.diagram [tabindex="0"]').length);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const measures = { dom: (press) => toTheDom(page, press), idle: (press) => untilIdle(page, cdp, press) };
    for (const [kind, measure] of Object.entries(measures)) {
      const median = async (press, times = 5) => {
        const runs = [];
        for (let i = 0; i < times; i++) runs.push(await measure(press));
        runs.sort((a, b) => a - b);
        return runs[Math.floor(runs.length / 2)];
      };
      const step = await median(click('Step: one random scheduler step'), 9);
      const undo = await median(click('Undo'), 9);
      // Jumps back and forth between the middle and the end, so that each is a jump.
      const middles = [];
      const ends = [];
      for (let i = 0; i < 5; i++) {
        middles.push(await measure(scrubTo(0.5)));
        ends.push(await measure(scrubTo(1)));
      }
      const middleOf = (runs) => runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)];
      const middle = middleOf(middles);
      const end = middleOf(ends);
      const elements = await page.evaluate(() => document.querySelectorAll('*').length);
      rows[kind].push(row(steps, [step, undo, middle, end], elements));
    }
    // The same Step with the view following the newest steps at the right end, where every
    // in-flight ghost is drawn and moves with the frontier.
    await page.evaluate(() => {
      const scroller = document.querySelector('.diagram-scroll');
      scroller.scrollLeft = scroller.classList.contains('held') ? scroller.scrollWidth : 0;
    });
    await page.waitForTimeout(300);
    const following = [];
    for (let i = 0; i < 9; i++) following.push(await toTheDom(page, click('Step: one random scheduler step')));
    following.sort((a, b) => a - b);
    rows.following.push(`${String(steps).padStart(5)}   ${following[4].toFixed(1).padStart(9)}`);
    await page.evaluate(() => document.querySelector('button[aria-label="Redo"]')?.click());
    const rate = await runRate(page, 20, 5);
    rows.page.push(
      `${String(steps).padStart(5)}   ${opened.toFixed(0).padStart(9)}   ${String(elements).padStart(12)}   ${String(tabStops).padStart(9)}   ${rate.toFixed(1).padStart(13)}`,
    );
    await page.close();
  }
  console.log(`main-thread work to the DOM (performance marks)\n${header}\n${rows.dom.join('\n')}`);
  console.log(`\nmain-thread work until idle (TaskDuration: script, style, layout, paint)\n${header}\n${rows.idle.join('\n')}`);
  console.log(`\none Step at the right end, following the newest steps (to the DOM)\nsteps   Step (ms)\n${rows.following.join('\n')}`);
  console.log(`\nopening the link, and Run set to 20/s\nsteps   open (ms)   DOM elements   Tab stops   Run (steps/s)\n${rows.page.join('\n')}`);
} finally {
  await browser.close();
  server.kill();
}
