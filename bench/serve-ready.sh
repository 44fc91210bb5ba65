#!/usr/bin/env bash
# Row 9 of bench/run.sh: start `api serve --mock DB` on a free port, return as soon as its ready file appears,
# then kill it. With HWM_OUT, first write the server's peak RSS (VmHWM, kB) there twice: when the ready file
# appeared, and once its memory has settled (the server warms caches after it is ready): unchanged for 1 s, at most
# 60 s.
#
#   bash bench/serve-ready.sh API DB READY_FILE [HWM_OUT]
set -euo pipefail
api=$1 db=$2 ready=$3 hwm_out=${4:-}
rm -f "$ready"
"$api" serve --mock "$db" --port 0 --ready-file "$ready" --quiet &
pid=$!
# A tight poll that does not burn a core the server needs: `read -t` on a descriptor that never has data
# sleeps in the shell itself (no fork of `sleep` per turn).
exec {never}<> <(:)
turns=0
until [ -e "$ready" ]; do
    read -r -t 0.001 -u "$never" _ || true
    turns=$((turns + 1))
    if ((turns % 1000 == 0)) && ! kill -0 "$pid" 2>/dev/null; then
        echo "serve-ready: api serve exited before writing $ready" >&2
        exit 1
    fi
done
if [ -n "$hwm_out" ]; then
    peak() { awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status"; }
    at_ready=$(peak)
    last=$at_ready steady=0
    for ((turn = 0; turn < 300 && steady < 5; turn++)); do
        read -r -t 0.2 -u "$never" _ || true
        now=$(peak)
        if [ "$now" = "$last" ]; then steady=$((steady + 1)); else steady=0 last=$now; fi
    done
    echo "$at_ready $last" >"$hwm_out"
fi
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
