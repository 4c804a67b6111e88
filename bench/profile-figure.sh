#!/bin/sh
# Profiles `accord serve` while figures of `accord-bench http` run, from the lines the bench
# prints on stderr (the server's pid, then "BACKEND: figure N starts"):
#
#   bench/profile-figure.sh BACKEND FIGURES SECONDS PREFIX [ARGS of accord-bench http…]
#   bench/profile-figure.sh PostgreSQL 1,3,5 8 /tmp/pg --commands 2000 \
#       --postgres postgres://postgres@127.0.0.1:5432/postgres
#   perf report -i /tmp/pg-fig3.data --children --sort symbol -g none
#
# For each figure (in the bench's order) it runs `perf record -F 199` on the server for
# SECONDS from the figure's start into PREFIX-figN.data, and `top` over the same seconds
# into PREFIX-figN.top (the CPU of the server, wrk, PostgreSQL's backends); the bench's
# results go to PREFIX.md. BACKEND is SQLite
# or PostgreSQL. PERF_CALL_GRAPH is perf's --call-graph (default dwarf,16384: Rust release
# builds keep no frame pointers). Run from the workspace root after `cargo build --release
# -p accord -p accord-bench`. The bench runs to its end (so its server is stopped as usual);
# give it small sizes (--list-cases 1000,2000 --grow 20,100 …) when only some figures matter.
set -eu
backend=$1 figures=$2 seconds=$3 prefix=$4
shift 4
log=$(mktemp)
target/release/accord-bench http "$@" 2>"$log" >"$prefix.md" &
bench=$!
for figure in $(echo "$figures" | tr , ' '); do
    while kill -0 "$bench" 2>/dev/null; do
        pid=$(sed -n "s/.*$backend: accord serve on .*, pid \([0-9]*\).*/\1/p" "$log")
        if [ -n "$pid" ] && grep -q "$backend: figure $figure starts" "$log"; then
            top -b -d "$seconds" -n 2 -w 120 >"$prefix-fig$figure.top" &
            top=$!
            perf record -q -F 199 --call-graph "${PERF_CALL_GRAPH:-dwarf,16384}" -p "$pid" \
                -o "$prefix-fig$figure.data" -- sleep "$seconds"
            wait "$top"
            break
        fi
        sleep 0.2
    done
done
wait "$bench" || true
cat "$log" >&2
rm -f "$log"
