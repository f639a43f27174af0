#!/usr/bin/env bash
# Installs what building and testing Synod needs, skipping whatever is already present.
# Idempotent: with every tool in place it finishes in about a second.
# Usage: scripts/ensure-tools.sh [build|test]   (build: wasm target, trunk, wasm-bindgen, wasm-opt;
#                                                test: all of build plus Chromium and Playwright)
set -euo pipefail
cd "$(dirname "$0")/.."

want="${1:-test}"
TRUNK_VERSION="0.21.14"
# Must equal the exact `wasm-bindgen` pin in crates/synod-web/Cargo.toml and [tools] in Trunk.toml.
WASM_BINDGEN_VERSION="0.2.130"

say() { printf '[setup] %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$want" = test ]; then
  # A minimal rustup profile lacks these; scripts/test runs `cargo fmt --check` and `cargo clippy`.
  installed_components="$(rustup component list --installed)"
  for component in rustfmt clippy; do
    if ! grep -q "^$component" <<<"$installed_components"; then
      say "adding the $component component"
      rustup component add "$component"
    fi
  done
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 6 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # --locked fails for this version: its lockfile names a crate the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# wasm-opt (npm binaryen) and Playwright live in web/node_modules, pinned by web/package-lock.json.
if [ ! -x web/node_modules/.bin/wasm-opt ] || { [ "$want" = test ] && [ ! -d web/node_modules/@playwright/test ]; }; then
  say "installing npm packages in web/"
  (cd web && npm ci --no-audit --no-fund)
fi

if [ "$want" = test ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
say "tools ready"
