// Prints the time to compute the valence of every configuration of the FLP protocol: the eight
// initial configurations (1,451,788 configurations explored in all), natively (`synod valence
// --initial`, the same engine) and in the page's Web Worker in Debian's Chromium (the Lemma 2
// lattice's Compute button), and the time the worker takes to explore one bivalent start
// (452,504 configurations). A figure, not a test: it never fails on time.
//
// Usage (after `trunk build --release`): node web/perf/flp-valence.mjs
// PERF_PORT (default 8798) is where `dist/` is served for the run.

import { execFileSync, spawn } from 'node:child_process';
import { deflateRawSync } from 'node:zlib';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const port = Number(process.env.PERF_PORT ?? 8798);

const native = JSON.parse(
  execFileSync(
    'cargo',
    ['run', '-q', '--release', '-p', 'synod-cli', '--', 'valence', 'flp', '--initial', '--json'],
    { cwd: repo, encoding: 'utf8' },
  ),
);
const explored = native.initial.reduce((sum, one) => sum + one.states, 0);
console.log(`native:  8 starts, ${explored} configurations, in ${native.seconds.toFixed(2)} s`);

const server = spawn('python3', ['-m', 'http.server', String(port)], {
  cwd: path.join(repo, 'dist'),
  stdio: 'ignore',
});
try {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const scenario = { version: 1, protocol: 'flp', params: { inputs: [0, 0, 0] }, seed: 0, actions: [] };
  const payload = Buffer.concat([Buffer.from([1]), deflateRawSync(Buffer.from(JSON.stringify(scenario)))]);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage();
  await page.goto(`http://localhost:${port}/#s=${payload.toString('base64url')}`);
  // The run's own start (0 0 0, 824 configurations) is the one the lattice does not explore again.
  await page.getByTestId('valence-now').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 300_000 });
  await page.getByTestId('lattice-compute').click();
  const status = page.getByTestId('lattice-status');
  await status.and(page.locator('[data-state="done"]')).waitFor({ timeout: 600_000 });
  const text = (await status.textContent()) ?? '';
  console.log(`worker:  8 starts: ${text.match(/in ([\d.]+ s)/)?.[1] ?? '?'}`);
  await page.getByTestId('lattice-011').click();
  await page.getByTestId('valence-now').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 300_000 });
  const start = (await page.getByTestId('valence-explored').textContent()) ?? '';
  console.log(`worker:  one bivalent start (0 1 1): ${start.match(/exploring from a start took ([\d.]+ s)/)?.[1] ?? '?'}`);
  await browser.close();
} finally {
  server.kill();
}
