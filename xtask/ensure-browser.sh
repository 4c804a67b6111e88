#!/usr/bin/env bash
# Makes sure what the browser tests (web-tests/) need is installed: Debian's `chromium` at
# /usr/bin/chromium (Playwright drives it; no browser is ever downloaded), Node.js 20 or later
# with npm, and web-tests/node_modules exactly as web-tests/package-lock.json pins it (`npm ci`,
# every time: it is quick, and a stale node_modules can never be tested against).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
updated=""
apt_install() {
  if [ -z "$updated" ]; then
    $sudo_cmd apt-get update -qq >&2
    updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "$@" >&2
}

if [ ! -x /usr/bin/chromium ]; then
  echo "/usr/bin/chromium is missing; installing Debian's chromium…" >&2
  apt_install chromium
fi
/usr/bin/chromium --version >&2

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "Node.js or npm is missing; installing Debian's nodejs and npm…" >&2
  apt_install nodejs npm
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "web-tests need Node.js 20 or later (playwright-core requires it); this is $(node --version)" >&2
  exit 1
fi

# playwright-core never downloads a browser; the variable makes sure nothing else tries either.
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix web-tests --no-audit --no-fund --loglevel=error >&2
