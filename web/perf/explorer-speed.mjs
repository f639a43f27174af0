// Prints the Explorer's speed on Paxos (3 nodes, proposers 0 and 1, one ballot each) with a crash
// and a recovery, 348,327 states: natively (`synod check`, the same engine) and in the page's Web
// Worker in Debian's Chromium. A figure, not a test: it never fails on time.
//
// Usage (after `trunk build --release`): node web/perf/explorer-speed.mjs
// PERF_PORT (default 8797) is where `dist/` is served for the run.

import { execFileSync, spawn } from 'node:child_process';
import { deflateRawSync } from 'node:zlib';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const port = Number(process.env.PERF_PORT ?? 8797);
const params = '{"nodes": 3}';

const native = JSON.parse(
  execFileSync(
    'cargo',
    ['run', '-q', '--release', '-p', 'synod-cli', '--', 'check', 'paxos', '--params', params,
      '--crashes', '1', '--recoveries', '1', '--json'],
    { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 28 },
  ),
);
console.log(
  `native:  ${native.unique_states} states in ${native.seconds.toFixed(2)} s: ${native.states_per_second} states/s`,
);

const server = spawn('python3', ['-m', 'http.server', String(port)], {
  cwd: path.join(repo, 'dist'),
  stdio: 'ignore',
});
try {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const scenario = { version: 1, protocol: 'paxos', params: JSON.parse(params), seed: 0, actions: [] };
  const payload = Buffer.concat([Buffer.from([1]), deflateRawSync(Buffer.from(JSON.stringify(scenario)))]);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage();
  await page.goto(`http://localhost:${port}/#s=${payload.toString('base64url')}`);
  await page.getByTestId('explore-crashes').fill('1');
  await page.getByTestId('explore-recoveries').fill('1');
  await page.getByTestId('explore-max-states').fill('1000000');
  await page.getByTestId('explore-start').click();
  const status = page.getByTestId('explore-status');
  await status.and(page.locator('[data-state="done"]')).waitFor({ timeout: 300_000 });
  const text = (await status.textContent()) ?? '';
  const states = await page.getByTestId('explore-states').textContent();
  const speed = text.match(/\(([\d,]+) states\/s\)/)?.[1] ?? '?';
  const seconds = text.match(/in ([\d.]+) s/)?.[1] ?? '?';
  console.log(`worker:  ${states} states in ${seconds} s: ${speed} states/s`);
  await browser.close();
} finally {
  server.kill();
}
