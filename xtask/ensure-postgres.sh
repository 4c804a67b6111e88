#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 for the conformance suite.
# Uses the one already running if there is one; otherwise installs Debian's `postgresql`,
# starts its cluster and lets the `postgres` user in over loopback with a password.
# Prints the admin URL the tests should use on its last line.
set -euo pipefail

url_trust="postgres://postgres@127.0.0.1:5432/postgres"
url_password="postgres://postgres:postgres@127.0.0.1:5432/postgres"

answers() { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; }
can_login() { psql "$1" -tAc 'select 1' >/dev/null 2>&1; }

if ! answers; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "PostgreSQL is not installed; installing Debian's postgresql…" >&2
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >&2
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "Starting PostgreSQL $version…" >&2
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || pg_ctlcluster "$version" main start >&2
  for _ in $(seq 1 30); do answers && break; sleep 1; done
  answers || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
fi

if can_login "$url_trust"; then
  echo "$url_trust"
  exit 0
fi
# A fresh Debian cluster asks for a password over TCP and the postgres user has none: set one
# through the local socket (peer authentication as the postgres system user).
if [ "$(id -u)" -eq 0 ]; then
  su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >&2
elif command -v sudo >/dev/null; then
  sudo -u postgres psql -qc "ALTER USER postgres PASSWORD 'postgres'" >&2
fi
if PGPASSWORD=postgres can_login "$url_password"; then
  echo "$url_password"
  exit 0
fi
echo "cannot log in to PostgreSQL on 127.0.0.1:5432 as postgres" >&2
exit 1
