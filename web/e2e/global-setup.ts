// Builds the CLI once before any test runs. `longRunLink` runs it to make long runs, and building
// it inside a test would spend that test's 30 s on compiling (a clean clone compiles its
// dependencies afresh, since `cargo run -p synod-cli` unifies features differently from the
// workspace-wide `cargo test`).

import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

export default function globalSetup(): void {
  execFileSync('cargo', ['build', '-q', '-p', 'synod-cli'], {
    cwd: path.resolve(__dirname, '..', '..'),
    stdio: 'inherit',
  });
}
