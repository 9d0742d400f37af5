#!/usr/bin/env bash
# Everything a fresh machine (Rust toolchain, Node 20, npm, Python 3) needs, idempotent:
# wasm target, the pinned wasm-bindgen-cli, Python's `cryptography` (independent test
# vectors), npm packages, Debian packages for the test servers, then the build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)

say() { printf '\n[setup] %s\n' "$*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  cargo install --locked --quiet wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! python3 -c 'import cryptography' 2>/dev/null; then
  say "pip install cryptography"
  python3 -m pip install --quiet --disable-pip-version-check cryptography \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages cryptography
fi

# Debian packages for the test servers: Chromium for the simulator page test, redis-server
# for RedisStore (tests/redis/ starts its own on a free loopback port). fonts-noto-cjk is
# checked on its own, whatever else is present: Chromium without a CJK font draws the pages'
# Chinese as boxes (docs/sim.png).
APT_NEEDED=""
[ -x /usr/bin/chromium ] || APT_NEEDED="$APT_NEEDED chromium"
command -v redis-server >/dev/null 2>&1 || APT_NEEDED="$APT_NEEDED redis-server"
# fonts-noto-color-emoji: bots answer with emoji (✅), which are boxes without it.
FONTS_NEEDED=""
for f in fonts-noto-cjk fonts-noto-color-emoji; do
  if command -v dpkg-query >/dev/null 2>&1 && ! dpkg-query -W -f='${Status}' "$f" 2>/dev/null | grep -q 'ok installed'; then
    FONTS_NEEDED="$FONTS_NEEDED $f"
  fi
done
FONTS_NEEDED="${FONTS_NEEDED# }"
apt_install() {
  local SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}
if [ -n "$APT_NEEDED" ]; then
  # The tests need these: no apt-get (or a failed install) stops the set-up, as it always has.
  command -v apt-get >/dev/null 2>&1 || { echo "[setup] install by hand:$APT_NEEDED $FONTS_NEEDED (no apt-get)" >&2; exit 1; }
  say "apt-get install$APT_NEEDED $FONTS_NEEDED"
  apt_install $APT_NEEDED $FONTS_NEEDED
elif [ -n "$FONTS_NEEDED" ]; then
  # Fonts only change how the pages look, so without apt (no apt-get, no sudo, offline) they are
  # a warning, not a failed set-up.
  say "apt-get install $FONTS_NEEDED"
  if ! command -v apt-get >/dev/null 2>&1 || ! apt_install $FONTS_NEEDED; then
    say "warning: $FONTS_NEEDED not installed; Chinese on the simulator pages may render as boxes"
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

say "build"
bash scripts/build.sh
