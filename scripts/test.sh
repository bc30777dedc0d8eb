#!/usr/bin/env bash
# Runs the whole test suite (typecheck, lint, unit, end-to-end) on this machine, installing
# what it needs first. Must run as root: the e2e tests create app users and start Caddy.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/bootstrap.sh
export PATH="$root/.tools/node/node_modules/node/bin:$PATH"
npm test
