#!/usr/bin/env bash
# Installs schemathesis from PyPI into target/venv (once) and prints the path of its `st`.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/venv
version="4.32.5"
if ! "$venv/bin/st" --version 2>/dev/null | grep -q "$version"; then
  if ! python3 -m venv "$venv" >&2 2>/dev/null; then
    echo "python3 cannot make a virtual environment; installing Debian's python3-venv…" >&2
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-venv python3-pip >&2
    python3 -m venv "$venv" >&2
  fi
  echo "Installing schemathesis $version into $venv…" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$version" >&2
fi
echo "$PWD/$venv/bin/st"
