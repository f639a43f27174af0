// Prints how long the page's main thread works for one Step, one Undo and a scrub jump on a long
// Chandy-Lamport run (8 nodes) in Debian's Chromium: the growth of Chromium's own TaskDuration
// metric (script, style, layout and paint work on the main thread) from just before the gesture
// until the page is idle again, less the same measure of a gesture-free call (what measuring
// costs). A figure, not a test: it never fails on time.
//
// Usage (after `trunk build --release`): node web/perf/page-timings.mjs [STEPS ...]   (default 500 1000 2000)

import { execFileSync, spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const port = Number(process.env.PERF_PORT ?? 8795);
const sizes = process.argv.slice(2).map(Number);
const stepsList = sizes.length ? sizes : [500, 1000, 2000];

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
    synod(['random', 'chandy-lamport', '--params', '{"nodes": 8}', '--seed', '42', '--steps', String(steps), '--json']),
  );
  const file = path.join(process.env.TMPDIR ?? '/tmp', `synod-perf-${steps}.json`);
  execFileSync('python3', ['-c', `import json,sys; open(sys.argv[1],"w").write(sys.stdin.read())`, file], {
    input: JSON.stringify(report.scenario),
  });
  return synod(['encode', file]).trim();
}

/** Main-thread milliseconds that running `press` in the page costs, until the page is idle. */
async function timed(page, cdp, press) {
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
try {
  console.log('main-thread work per gesture\nsteps   Step (ms)   Undo (ms)   scrub to middle (ms)   scrub to end (ms)   DOM elements');
  for (const steps of stepsList) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://127.0.0.1:${port}/#${longRun(steps)}`);
    await page.getByTestId('diagram').waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const median = async (press, times = 5) => {
      const runs = [];
      for (let i = 0; i < times; i++) runs.push(await timed(page, cdp, press));
      runs.sort((a, b) => a - b);
      return runs[Math.floor(runs.length / 2)];
    };
    const step = await median(click('Step: one random scheduler step'));
    const undo = await median(click('Undo'));
    const middle = await timed(page, cdp, scrubTo(0.5));
    const end = await timed(page, cdp, scrubTo(1));
    const elements = await page.evaluate(() => document.querySelectorAll('*').length);
    console.log(
      `${String(steps).padStart(5)}   ${step.toFixed(1).padStart(9)}   ${undo.toFixed(1).padStart(9)}   ${middle
        .toFixed(1)
        .padStart(20)}   ${end.toFixed(1).padStart(17)}   ${String(elements).padStart(12)}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
}
