#!/usr/bin/env bash
# Installs the Python tools `cargo xtask test` uses into target/venv, pinned, and prints the
# venv's path: schemathesis (fuzzes the API against its OpenAPI document) and holidays (the
# reference the holiday calendars are cross-checked against, xtask/check_holidays.py).
# Idempotent: once both are at their pinned versions it installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/venv
schemathesis="4.32.5"
holidays="0.109"

installed() {
  "$venv/bin/st" --version 2>/dev/null | grep -q "$schemathesis" &&
    [ "$("$venv/bin/python" -c 'import holidays; print(holidays.__version__)' 2>/dev/null)" = "$holidays" ]
}

if ! installed; then
  if [ ! -x "$venv/bin/pip" ] && ! python3 -m venv "$venv" >&2 2>/dev/null; then
    echo "python3 cannot make a virtual environment; installing Debian's python3-venv…" >&2
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-venv python3-pip >&2
    python3 -m venv "$venv" >&2
  fi
  echo "Installing schemathesis $schemathesis and holidays $holidays into $venv…" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check \
    "schemathesis==$schemathesis" "holidays==$holidays" >&2
  installed || { echo "$venv does not have schemathesis $schemathesis and holidays $holidays" >&2; exit 1; }
fi
# icalendar (pinned): the independent parser xtask/check_ics.py reads Accord's calendars with.
"$venv/bin/python" -c 'import icalendar, sys; sys.exit(icalendar.__version__ != "7.3.0")' 2>/dev/null || "$venv/bin/pip" install -q --disable-pip-version-check "icalendar==7.3.0" >&2
echo "$PWD/$venv"
