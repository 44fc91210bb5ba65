#!/usr/bin/env bash
# `make demo`: the whole story on a copy of examples/db.json. Starts `api serve --mock` on a free port, runs the
# client against it, and stops the server.
set -euo pipefail
API=${1:-.build/debug/api}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
cp examples/db.json "$work/db.json"

"$API" serve --mock "$work/db.json" --port 0 --ready-file "$work/url" --quiet &
server=$!
for _ in $(seq 1 200); do [ -s "$work/url" ] && break; sleep 0.05; done
[ -s "$work/url" ] || { echo "demo: the server did not start" >&2; exit 1; }
export API_BASE_URL=$(cat "$work/url")

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
step "$API" get users
step "$API" post users name=dora email=dora@example.com age:=41 -p b
step "$API" patch users/1 active:=false -p b
step "$API" get 'users?age:gte=30&_sort=-age&_page=1&_per_page=2' -p b
step "$API" delete users/2 -p hb
step "$API" get users/2 --ignore-status -p hb
printf '\n\033[1mThe file on disk now:\033[0m\n'
cat "$work/db.json"
