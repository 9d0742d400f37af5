#!/usr/bin/env bash
# The main job: set-up, then the local 京ME simulator with the echo bot (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node examples/echo-bot.mjs
