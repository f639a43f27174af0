// End-to-end tests of the built playground (dist/) in Debian's Chromium.
//
// The page is served by `python3 -m http.server` under a sub-path, /synod/, as a static host such
// as GitHub Pages would: a temporary site root holds one symlink, synod -> dist. That proves the
// build uses relative asset URLs. Build first (`trunk build --release`); scripts/test does it.
// The server listens on 127.0.0.1:$E2E_PORT (default 8791); a port already in use is an error,
// never a server to reuse, so the tests cannot run against someone else's page.

import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');
const dist = path.join(repoRoot, 'dist');
const port = Number(process.env.E2E_PORT ?? 8791);
const subPath = 'synod';

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  throw new Error(`${dist}/index.html is missing: run \`trunk build --release\` first (scripts/test does).`);
}

/** A site root whose only entry is `synod -> dist`. Workers load this file too, so the link is
 * replaced only when it is missing or wrong: never while the server may be reading through it. */
function siteRootServingDist(): string {
  const root = path.join(os.tmpdir(), `synod-e2e-site-${port}`);
  const link = path.join(root, subPath);
  fs.mkdirSync(root, { recursive: true });
  let current: string | null = null;
  try {
    current = fs.readlinkSync(link);
  } catch {
    current = null;
  }
  if (current !== dist) {
    fs.rmSync(link, { force: true, recursive: true });
    fs.symlinkSync(dist, link, 'dir');
  }
  return root;
}

const baseURL = `http://127.0.0.1:${port}/${subPath}/`;

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: './test-results',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two cores: one browser at a time keeps timings steady while cargo may still be busy.
  workers: 1,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL,
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'off',
    actionTimeout: 10_000,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory ${JSON.stringify(siteRootServingDist())}`,
    url: baseURL,
    // Never test against some other server that happens to hold the port.
    reuseExistingServer: false,
    // http.server logs every request on stderr.
    stdout: 'ignore',
    stderr: 'ignore',
    timeout: 15_000,
  },
});
