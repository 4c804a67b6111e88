#!/usr/bin/env bash
# Makes sure Debian's `wrk` (the HTTP load generator of `accord-bench http`) is installed.
set -euo pipefail
command -v wrk >/dev/null && exit 0
echo "wrk is not installed; installing Debian's wrk…" >&2
sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
$sudo_cmd apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk >&2
command -v wrk >/dev/null
