#!/usr/bin/env bash
# The main job: set-up, then the demo (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node examples/webhook-demo.mjs
