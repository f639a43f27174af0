// Prints how long the page's main thread takes for one Step, one Undo and a scrub jump on a long
// Chandy-Lamport run (8 nodes), measured in Debian's Chromium with performance.now() from the
// click until the step counter changes. A figure, not a test: it never fails on time.
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

/** Milliseconds from clicking `press` (run in the page) until the step counter changes. */
async function timed(page, press) {
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
    const started = performance.now();
    new Function(press)();
    await changed;
    return performance.now() - started;
  }, press);
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
  console.log('steps   Step (ms)   Undo (ms)   scrub to middle (ms)   scrub to end (ms)   DOM elements');
  for (const steps of stepsList) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://127.0.0.1:${port}/#${longRun(steps)}`);
    await page.getByTestId('diagram').waitFor();
    const median = async (press, times = 5) => {
      const runs = [];
      for (let i = 0; i < times; i++) runs.push(await timed(page, press));
      runs.sort((a, b) => a - b);
      return runs[Math.floor(runs.length / 2)];
    };
    const step = await median(click('Step: one random scheduler step'));
    const undo = await median(click('Undo'));
    const middle = await timed(page, scrubTo(0.5));
    const end = await timed(page, scrubTo(1));
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
