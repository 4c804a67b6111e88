#!/usr/bin/env bash
# Makes sure Debian's poppler-utils is installed: the PDF tests read every document with
# `pdftotext` (its text, checked for what it must and must not hold) and render its pages
# with `pdftoppm` (kept under target/tmp/pdf/ so a failure can be looked at).
set -euo pipefail
if command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null && command -v pdfinfo >/dev/null; then
  exit 0
fi
sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
echo "pdftotext/pdftoppm missing; installing Debian's poppler-utils…" >&2
$sudo_cmd apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends poppler-utils >&2
