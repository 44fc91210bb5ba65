#!/usr/bin/env bash
# `make bench` (or `bash bench/run.sh`): api against curl, HTTPie, jq, a bare Node.js server and nginx, each
# comparison in one invocation on the same machine, reported as ratios of medians in bench/RESULTS.md.
#
#   QUICK=1           a short run (a minute or two) for checking a change; writes bench/RESULTS.quick.md
#   BENCH_SEED=N      seed of the generated inputs (default 42)
#   BENCH_KEEP=1      keep the temporary folder (server logs, hyperfine JSON, wrk output)
#   BENCH_ROWS="1 3"  run only these rows (rows 1 and 2 run together, as do 4 and 5)
#   BENCH_SKIP_BUILD=1  use the release binary already built under the scratch path
#   BENCH_CACHE=DIR   where the 1,000,000-user db of rows 10-13 and 17, 19 is generated once (default ~/.cache/api-bench)
#   BENCH_PG_POOL=N   --pool of `api serve --store postgres://` in rows 16-19 (default: the server's own default)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
QUICK=${QUICK:-0}
[ "$QUICK" = 0 ] && QUICK=
SEED=${BENCH_SEED:-42}
SCRATCH=${BENCH_SCRATCH:-.build-bench}
API=$ROOT/$SCRATCH/release/api
# The same release binary with the link earlier versions shipped (position-dependent, partial RELRO): rows 1-2
# compare their start-up, to show what PIE with full RELRO costs.
API_OLD_LINK=$ROOT/$SCRATCH/api-no-pie
OLD_LINK_FLAGS=(-Xlinker -no-pie -Xlinker --no-export-dynamic)
DATA=$ROOT/bench/.data
ROWS=${BENCH_ROWS:-1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19}
CACHE=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/api-bench}
RESULTS=$ROOT/bench/RESULTS${QUICK:+.quick}.md
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

log() { printf 'bench: %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}
wants() { [[ " $ROWS " == *" $1 "* ]]; }

# Sizes of each comparison: full run, then QUICK.
if [ -z "$QUICK" ]; then
    WRK_SECONDS=10 WRK_ROUNDS=3 POST_ROUNDS=3 POST_SECONDS=10
    HF_ROUNDS=5 HF_WARMUP=3 HF_RUNS=10 HF_MID_RUNS=4 HF_SLOW_RUNS=1 CURL_LOOP=1000
else
    WRK_SECONDS=3 WRK_ROUNDS=1 POST_ROUNDS=1 POST_SECONDS=3
    HF_ROUNDS=2 HF_WARMUP=1 HF_RUNS=3 HF_MID_RUNS=2 HF_SLOW_RUNS=1 CURL_LOOP=200
fi
WRK_CONNECTIONS=64
WRK_THREADS=${BENCH_WRK_THREADS:-2}
BATCH_REQUESTS=10000
BATCH_PARALLEL=16

# ---------------------------------------------------------------------------------------------------- set-up
install_missing() {
    local apt=()
    local tool
    for tool in hyperfine wrk jq curl; do command -v "$tool" >/dev/null || apt+=("$tool"); done
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt+=(nginx)
    command -v node >/dev/null || apt+=(nodejs)
    [ -x /usr/bin/time ] || apt+=(time)
    if ((${#apt[@]})); then
        log "installing ${apt[*]} (apt-get)"
        $SUDO apt-get update -qq
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt[@]}" >/dev/null
    fi
    if ! command -v http >/dev/null && ! python3 -c 'import httpie' 2>/dev/null; then
        log "installing httpie (pip)"
        python3 -m pip install --quiet --disable-pip-version-check httpie
    fi
    NGINX=$(command -v nginx || echo /usr/sbin/nginx)
    # The script next to the interpreter, not a version manager's shim (pyenv's adds tens of milliseconds).
    HTTP="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/http"
    [ -x "$HTTP" ] || HTTP=$(command -v http || true)
    [ -x "$HTTP" ] || die "httpie is installed but its 'http' script is not at $HTTP"
}

build_api() {
    if [ -n "${BENCH_SKIP_BUILD:-}" ] && [ -x "$API" ] && [ -x "$API-serve" ] && [ -x "$API_OLD_LINK" ]; then return; fi
    local release_link_flags
    read -r -a release_link_flags <<<"$(make -s --no-print-directory print-release-link-flags)"
    # Only the link step differs between the two: the second build relinks.
    log "building api with the old link (-no-pie, partial RELRO) for the start-up comparison"
    swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product api "${OLD_LINK_FLAGS[@]}" >&2
    cp "$API" "$API_OLD_LINK"
    # Both products: `api serve` (rows 4-9) runs the api-serve binary next to api.
    log "building api and api-serve (release, static Swift stdlib, ${release_link_flags[*]}, scratch path $SCRATCH)"
    swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" "${release_link_flags[@]}" >&2
}

# instructions COMMAND...: instructions executed by one run (callgrind; exact from run to run, unlike times on a
# shared machine), or nothing when valgrind is missing. valgrind reads a copy without DWARF (it gives up on ours).
instructions() {
    command -v valgrind >/dev/null || return 0
    local copy=$TMP/instructions-$RANDOM out=$TMP/callgrind-$RANDOM
    strip --strip-debug -o "$copy" "$1" 2>/dev/null || cp "$1" "$copy"
    shift
    valgrind --tool=callgrind --callgrind-out-file="$out" "$copy" "$@" >/dev/null 2>&1 || return 0
    awk '/^summary:/ { print $2 }' "$out"
}

generate_inputs() {
    local stamp
    stamp="seed $SEED $(md5sum bench/gen.py | cut -d' ' -f1)"
    if [ "$(cat "$DATA/stamp" 2>/dev/null)" != "$stamp" ]; then
        log "generating inputs (seed $SEED) in bench/.data"
        rm -rf "$DATA"
        python3 bench/gen.py "$DATA" --seed "$SEED" >&2
        echo "$stamp" >"$DATA/stamp"
    fi
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/api-bench.XXXXXX")
PIDS=()
cleanup() {
    local status=$? pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    [ -z "${PG_FOLDER:-}" ] || python3 tests/e2e/postgres_cluster.py stop "$PG_FOLDER" || true
    if [ -n "${BENCH_KEEP:-}" ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for_file FILE PID WHAT: until FILE exists; fails when PID exits first or after 60 s.
wait_for_file() {
    local file=$1 pid=$2 what=$3 turns=0
    until [ -s "$file" ]; do
        kill -0 "$pid" 2>/dev/null || die "$what exited before it was ready (logs in $TMP)"
        ((++turns < 6000)) || die "$what not ready after 60 s"
        sleep 0.01
    done
}

stop_pid() {
    local pid=$1 kept=() p
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for p in "${PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
    PIDS=("${kept[@]}")
}

# start_api NAME DB: `api serve --mock` on a free port; sets API_URL and API_PID.
start_api() {
    local name=$1 db=$2
    rm -f "$TMP/$name.ready"
    "$API" serve --mock "$db" --port 0 --ready-file "$TMP/$name.ready" --quiet 2>"$TMP/$name.log" &
    API_PID=$!
    PIDS+=("$API_PID")
    wait_for_file "$TMP/$name.ready" "$API_PID" "api serve --mock $db"
    API_URL=$(head -n1 "$TMP/$name.ready")
}

start_node() {
    local db=$1
    node bench/node-server.js "$db" "$TMP/node.ready" 2>"$TMP/node.log" &
    NODE_PID=$!
    PIDS+=("$NODE_PID")
    wait_for_file "$TMP/node.ready" "$NODE_PID" "node bench/node-server.js"
    NODE_URL=$(head -n1 "$TMP/node.ready")
}

# nginx as the current user, everything it writes under $TMP/nginx, files from $TMP/www. /counted/ serves the
# same files with an access log of connection serial numbers (row 8); everything else is not logged.
start_nginx() {
    local port dir=$TMP/nginx
    port=$(free_port)
    mkdir -p "$dir"
    {
        [ "$(id -u)" = 0 ] && echo "user root;"
        cat <<EOF
worker_processes auto;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    default_type application/json;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    log_format connections '\$connection \$status';
    access_log off;
    server {
        listen 127.0.0.1:$port;
        root $TMP/www;
        location /counted/ {
            alias $TMP/www/;
            access_log $dir/access.log connections;
        }
    }
}
EOF
    } >"$dir/nginx.conf"
    "$NGINX" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" 2>"$dir/stderr.log" &
    NGINX_PID=$!
    PIDS+=("$NGINX_PID")
    NGINX_URL=http://127.0.0.1:$port
    local turns=0
    until curl -s -o /dev/null "$NGINX_URL/"; do
        kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited: $(cat "$dir/stderr.log" "$dir/error.log" 2>/dev/null)"
        ((++turns < 6000)) || die "nginx not answering after 60 s"
        sleep 0.01
    done
}

# ---------------------------------------------------------------------------------------------------- numbers
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
# ms SECONDS: a hyperfine time in milliseconds with sensible precision.
ms() { awk -v s="$1" 'BEGIN { v = s * 1000; printf (v < 10 ? "%.2f ms" : v < 100 ? "%.1f ms" : "%.0f ms"), v }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
hf_median() { jq -r ".results[$2].median" "$1"; }
pass_if() { if awk "BEGIN { exit !($1) }"; then echo pass; else echo "**miss**"; fi; }

# run_hyperfine NAME ROUNDS RUNS WARMUP [hyperfine options and commands]: ROUNDS invocations of hyperfine with RUNS
# runs of each command (WARMUP warm-up runs in the first only), so that the sides alternate in blocks rather than
# all of one then all of the other; $TMP/NAME.json pools every round's times, with each command's median.
run_hyperfine() {
    local name=$1 rounds=$2 runs=$3 warmup=$4 round
    shift 4
    for ((round = 1; round <= rounds; round++)); do
        log "hyperfine: $name, round $round/$rounds"
        hyperfine --style basic --runs "$runs" --warmup "$((round == 1 ? warmup : 0))" \
            --export-json "$TMP/$name-$round.json" "$@" >&2
    done
    jq -s '{results: [range(0; .[0].results | length) as $i
        | {command: .[0].results[$i].command, times: [.[].results[$i].times[]]}
        | .median = (.times | sort | if length % 2 == 1 then .[length / 2 | floor]
            else (.[length / 2 - 1] + .[length / 2]) / 2 end)]}' "$TMP/$name"-[0-9]*.json >"$TMP/$name.json"
}

# wrk_rps LABEL URL [wrk options]: one wrk run; prints requests/s, keeps the output in $TMP/wrk-LABEL-N.txt.
WRK_RUN=0
wrk_rps() {
    local label=$1 url=$2 out
    shift 2
    WRK_RUN=$((WRK_RUN + 1))
    out=$TMP/wrk-$label-$WRK_RUN.txt
    wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" "$@" "$url" >"$out" 2>&1 || true
    if grep -q -e 'Non-2xx' -e 'Socket errors' "$out"; then
        echo "$label: $(grep -h -e 'Non-2xx' -e 'Socket errors' "$out" | tr -s ' ' | tr '\n' ';')" >>"$TMP/wrk-warnings"
    fi
    awk '/^Requests\/sec:/ { print $2 }' "$out"
}

# wrk_alternating ROUNDS LABEL=URL...: runs the URLs in turn (A B C A B C ...); sets MEDIAN[LABEL] and RUNS[LABEL].
declare -A MEDIAN RUNS
wrk_alternating() {
    local rounds=$1 round pair label
    shift
    for pair in "$@"; do RUNS[${pair%%=*}]=""; done
    for ((round = 1; round <= rounds; round++)); do
        for pair in "$@"; do
            label=${pair%%=*}
            log "wrk round $round/$rounds: $label ${pair#*=}"
            RUNS[$label]+="$(wrk_rps "$label" "${pair#*=}") "
        done
    done
    for pair in "$@"; do
        label=${pair%%=*}
        MEDIAN[$label]=$(tr ' ' '\n' <<<"${RUNS[$label]}" | grep . | median)
    done
}

# ---------------------------------------------------------------------------------------------------- report
TABLE=$TMP/table.md
DETAILS=$TMP/details.md
: >"$TABLE"
: >"$DETAILS"
# row NUMBER WHAT AGAINST MEASURED RATIO TARGET RESULT: one line of the summary table.
row() { printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@" >>"$TABLE"; }
detail() { printf '%s\n' "$@" >>"$DETAILS"; }
commands() {
    detail '```sh'
    printf '%s\n' "$@" >>"$DETAILS"
    detail '```'
}

# ---------------------------------------------------------------------------------------------------- rows
# The floors of row 1 (bench/floor.c): nothing but process start, libcurl's libraries and curl_global_init.
build_floors() {
    local cc
    cc=${CC:-$(command -v cc || command -v clang || command -v gcc || true)}
    FLOORS=()
    [ -n "$cc" ] || return 0
    "$cc" -O2 bench/floor.c -o "$TMP/floor-curl" -lcurl 2>>"$TMP/floor.log" || return 0
    "$cc" -O2 bench/floor.c -o "$TMP/floor-curl-stdcxx" -Wl,--no-as-needed -lcurl -lstdc++ -lm 2>>"$TMP/floor.log" ||
        return 0
    FLOORS=(-n "floor: libcurl" "$TMP/floor-curl" -n "floor: libcurl + libstdc++" "$TMP/floor-curl-stdcxx")
}

# peak_rss COMMAND...: the median peak RSS (KiB, \`/usr/bin/time -f %M\`) of 5 runs, output to /dev/null.
peak_rss() {
    local i
    for ((i = 0; i < 5; i++)); do { /usr/bin/time -f %M "$@" >/dev/null; } 2>&1 | tail -n1; done | median
}

rows_1_2() {
    local url=$NGINX_URL/small.json file=$TMP/rows-1-2.json
    build_floors
    run_hyperfine rows-1-2 "$HF_ROUNDS" "$HF_RUNS" "$HF_WARMUP" -N --output=pipe \
        -n "api get" "$API get $url" \
        -n "curl -s" "curl -s $url" \
        -n "http" "$HTTP --ignore-stdin $url" \
        -n "api get, old link (-no-pie)" "$API_OLD_LINK get $url" \
        "${FLOORS[@]}"
    local api curl http api_rss curl_rss
    api=$(hf_median "$file" 0) curl=$(hf_median "$file" 1) http=$(hf_median "$file" 2)
    api_rss=$(peak_rss "$API" get "$url") curl_rss=$(peak_rss curl -s "$url")
    # Instructions (callgrind) repeat exactly from run to run; on a loaded machine they say more than the times.
    local api_ir curl_ir counted_ratio=""
    api_ir=$(instructions "$API" get "$url") curl_ir=$(instructions "$(command -v curl)" -s "$url")
    [ -n "$api_ir" ] && [ -n "$curl_ir" ] && counted_ratio=" (instructions $(calc "$api_ir/$curl_ir"))"
    row 1 "\`api get URL\` small JSON ($(stat -c %s "$DATA/small.json") B, nginx), stdout a pipe, PIE + full RELRO" \
        "\`curl -s URL\`" \
        "api $(ms "$api"), curl $(ms "$curl"); peak RSS api $(calc "$api_rss/1024" 1) MB, curl $(calc "$curl_rss/1024" 1) MB" \
        "api/curl = $(calc "$api/$curl") time$counted_ratio, $(calc "$api_rss/$curl_rss") RSS" "≤ 1.1 time; ≤ 1.5 RSS" \
        "$(pass_if "$api <= 1.1 * $curl") time, $(pass_if "$api_rss <= 1.5 * $curl_rss") RSS"
    row 2 "same" "HTTPie \`http URL\`" "api $(ms "$api"), http $(ms "$http")" \
        "$(calc "$http/$api" 1)x faster" "≥ 50x" "$(pass_if "$http / $api >= 50")"
    detail "### Rows 1 and 2: one-shot GET of a small JSON object" ""
    detail "hyperfine, $HF_ROUNDS rounds of $HF_RUNS runs of each command (warm-up: $HF_WARMUP), no shell (\`-N\`), output through a pipe (\`--output=pipe\`);" \
        "nginx serves the file. The floors (bench/floor.c, C) only start, load libcurl's libraries and call" \
        "curl_global_init: what any libcurl client pays before its first byte; the second also links libstdc++ and" \
        "libm dynamically, as a Swift executable on Linux does by default (the release \`api\` links libstdc++ and" \
        "the unwinder statically: \`make static-cxx\`)." ""
    commands "$API get $url" "curl -s $url" "$HTTP --ignore-stdin $url" "$API_OLD_LINK get $url" \
        "/usr/bin/time -f %M $API get $url > /dev/null   # and curl -s: median of 5"
    detail "" "The one-shot \`api\` links no server code (\`api serve\` runs \`api-serve\`): $(du -k "$API" | cut -f1) KiB" \
        "against $(du -k "$API-serve" | cut -f1) KiB for api-serve. Peak RSS (median of 5): api $(calc "$api_rss/1024" 1) MB," \
        "curl $(calc "$curl_rss/1024" 1) MB."
    detail "" "| command | median | runs |" "|---|---|---|"
    local i
    for ((i = 0; i < $(jq '.results | length' "$file"); i++)); do
        detail "| $(jq -r ".results[$i].command" "$file") | $(ms "$(hf_median "$file" $i)") | $(jq ".results[$i].times | length" "$file") |"
    done
    local old_link pie_ir old_ir
    old_link=$(hf_median "$file" 3)
    pie_ir=$(instructions "$API" get "$url") old_ir=$(instructions "$API_OLD_LINK" get "$url")
    local counted=""
    if [ -n "$pie_ir" ] && [ -n "$old_ir" ]; then
        counted="; instructions (callgrind, one run) $(calc "$pie_ir/1000000" 1) M against"
        counted+=" $(calc "$old_ir/1000000" 1) M, ratio $(calc "$pie_ir/$old_ir" 3)"
    fi
    detail "" "PIE with full RELRO (shipped) against the old position-dependent link with partial RELRO: median" \
        "time $(ms "$api") against $(ms "$old_link"), ratio $(calc "$api/$old_link")$counted." ""
    if ((${#FLOORS[@]})); then
        local floor floor_cxx
        floor=$(hf_median "$file" 4) floor_cxx=$(hf_median "$file" 5)
        detail "" "Above the libcurl floor: curl $(ms "$(calc "$curl-$floor" 6)"), api $(ms "$(calc "$api-$floor" 6)")" \
            "($(ms "$(calc "$floor_cxx-$floor" 6)") of it libstdc++ and libm); floor/curl = $(calc "$floor/$curl")." ""
    fi
}

row_3() {
    local url=$NGINX_URL/big.json file=$TMP/row-3.json size
    size=$(stat -c %s "$DATA/big.json")
    run_hyperfine row-3 "$HF_ROUNDS" "$HF_SLOW_RUNS" 1 \
        -n "api --pretty=all" "$API get $url --pretty=all > /dev/null" \
        -n "curl | jq -C ." "curl -s $url | jq -C . > /dev/null"
    local api jq rss jq_rss
    api=$(hf_median "$file" 0) jq=$(hf_median "$file" 1)
    rss=$( { /usr/bin/time -f %M "$API" get "$url" --pretty=all >/dev/null; } 2>&1 | tail -n1)
    jq_rss=$(curl -s "$url" | { /usr/bin/time -f %M jq -C . >/dev/null; } 2>&1 | tail -n1)
    row 3 "\`api get URL --pretty=all\` on $(calc "$size/1048576" 0) MB, to /dev/null" "\`curl -s URL \| jq -C .\`" \
        "api $(ms "$api"), curl+jq $(ms "$jq"); api peak RSS $(calc "$rss/1024" 1) MB" \
        "$(calc "$jq/$api" 1)x faster" "≥ 10x; RSS < 64 MB" \
        "$(pass_if "$jq / $api >= 10") speed, $(pass_if "$rss < 65536") RSS"
    detail "### Row 3: colored pretty-printing of a $(calc "$size/1048576" 1) MB array of nested records" ""
    detail "hyperfine, $HF_ROUNDS rounds of $HF_SLOW_RUNS run of each (warm-up: 1), through \`sh -c\` for both; nginx serves the file." ""
    commands "$API get $url --pretty=all > /dev/null" "curl -s $url | jq -C . > /dev/null" \
        "/usr/bin/time -f %M $API get $url --pretty=all > /dev/null"
    detail "" "Medians: api $(ms "$api"), curl | jq $(ms "$jq"). Peak RSS (\`/usr/bin/time -f %M\`): api $(calc "$rss/1024" 1) MB," \
        "jq $(calc "$jq_rss/1024" 1) MB." ""
}

rows_4_5() {
    local path=/users/1
    wrk_alternating "$WRK_ROUNDS" api="$API_URL$path" node="$NODE_URL$path" nginx="$NGINX_URL/users/1"
    local api=${MEDIAN[api]} node=${MEDIAN[node]} nginx=${MEDIAN[nginx]}
    row 4 "\`GET /users/1\` on the 10k db, wrk $WRK_CONNECTIONS connections" "bare Node server, same lookup" \
        "api $(calc "$api" 0)/s, node $(calc "$node" 0)/s" "$(calc "$api/$node")x" "≥ 1.0x" "$(pass_if "$api >= $node")"
    row 5 "same" "nginx, static file" "api $(calc "$api" 0)/s, nginx $(calc "$nginx" 0)/s" \
        "$(calc "$api/$nginx")x" "≥ 0.6x" "$(pass_if "$api >= 0.6 * $nginx")"
    detail "### Rows 4 and 5: \`GET /users/1\` under load" ""
    detail "wrk, $WRK_THREADS threads, $WRK_CONNECTIONS connections, ${WRK_SECONDS} s per run, rounds: $WRK_ROUNDS of api, node, nginx in turn;" \
        "requests/s is the median of the rounds. nginx serves the exact bytes \`api serve\` answers for \`/users/1\`." ""
    commands "$API serve --mock db10k.json --port 0 --quiet" "node bench/node-server.js db10k.json READY" \
        "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${WRK_SECONDS}s $API_URL$path" \
        "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${WRK_SECONDS}s $NODE_URL$path" \
        "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${WRK_SECONDS}s $NGINX_URL/users/1"
    detail "" "Runs (requests/s): api ${RUNS[api]}; node ${RUNS[node]}; nginx ${RUNS[nginx]}" ""
}

row_6() {
    local path='/users?age:gte=50&_sort=-age&_page=3'
    # Both servers must give the same page, or the comparison means nothing.
    local ours theirs
    ours=$(curl -s "$API_URL$path" | jq -c '[.items, .pages, (.data | map(.id))]')
    theirs=$(curl -s "$NODE_URL$path" | jq -c '[.items, .pages, (.data | map(.id))]')
    [ "$ours" = "$theirs" ] || log "warning: row 6 pages differ: api $ours, node $theirs"
    wrk_alternating "$WRK_ROUNDS" api6="$API_URL$path" node6="$NODE_URL$path"
    local api=${MEDIAN[api6]} node=${MEDIAN[node6]}
    row 6 "\`GET $path\` on the 10k db" "bare Node server, same filter, sort, page" \
        "api $(calc "$api" 0)/s, node $(calc "$node" 0)/s" "$(calc "$api/$node")x" "≥ 1.0x" "$(pass_if "$api >= $node")"
    detail "### Row 6: filter, sort and page under load" ""
    detail "Same set-up as rows 4-5 (api and node alternated). Both answer the same page: $([ "$ours" = "$theirs" ] && echo "checked, [items, pages, ids] = \`$(cut -c1-80 <<<"$ours")…\`" || echo "**NOT the same**: api \`$ours\`, node \`$theirs\`")." ""
    commands "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${WRK_SECONDS}s '$API_URL$path'" \
        "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${WRK_SECONDS}s '$NODE_URL$path'"
    detail "" "Runs (requests/s): api ${RUNS[api6]}; node ${RUNS[node6]}" ""
}

row_7() {
    local round rates="" saves_rates="" per_save="" checks="" dir=$TMP/post
    for ((round = 1; round <= POST_ROUNDS; round++)); do
        rm -rf "$dir" && mkdir -p "$dir"
        cp "$DATA/db10k.json" "$dir/db.json"
        start_api post "$dir/db.json"
        python3 bench/count_saves.py "$dir/db.json" "$TMP/saves.ready" >"$TMP/saves.out" &
        local counter=$!
        PIDS+=("$counter")
        wait_for_file "$TMP/saves.ready" "$counter" "bench/count_saves.py"
        log "wrk round $round/$POST_ROUNDS: POST $API_URL/users"
        wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${POST_SECONDS}s" -s bench/post.lua "$API_URL/users" \
            >"$TMP/wrk-post-$round.txt" 2>&1
        stop_pid "$counter"
        rm -f "$TMP/saves.ready"
        stop_pid "$API_PID"
        local created duration saves stored
        created=$(grep -o '201=[0-9]*' "$TMP/wrk-post-$round.txt" | cut -d= -f2 || true)
        created=${created:-0}
        duration=$(awk '/^duration_us/ { print $2 }' "$TMP/wrk-post-$round.txt")
        saves=$(cat "$TMP/saves.out")
        stored=$(jq '.users | length - 10000' "$dir/db.json")
        rates+="$(calc "$created * 1000000 / $duration" 0) "
        saves_rates+="$(calc "$saves * 1000000 / $duration" 1) "
        per_save+="$(calc "$created / ($saves > 0 ? $saves : 1)" 1) "
        # wrk stops with up to one request per connection in flight: those may be saved without their 201 read.
        if ((stored >= created && stored <= created + WRK_CONNECTIONS)); then
            checks+="round $round: $created 201s, $stored new items in the file (ok); "
        else
            checks+="round $round: $created 201s but **$stored** new items in the file (MISMATCH); "
        fi
        [ "$(grep -o 'statuses.*' "$TMP/wrk-post-$round.txt")" = "statuses 201=$created" ] ||
            checks+="other statuses: $(grep -o 'statuses.*' "$TMP/wrk-post-$round.txt"); "
    done
    local rate saves_rate writes
    rate=$(tr ' ' '\n' <<<"$rates" | grep . | median)
    saves_rate=$(tr ' ' '\n' <<<"$saves_rates" | grep . | median)
    writes=$(tr ' ' '\n' <<<"$per_save" | grep . | median)
    row 7 "\`POST /users\` durable creates, $WRK_CONNECTIONS connections, 10k db" "—" \
        "$(calc "$rate" 0) creates/s; $saves_rate saves/s, $writes creates per save" "—" "≥ 5,000 creates/s" \
        "$(pass_if "$rate >= 5000")"
    detail "### Row 7: durable creates" ""
    detail "wrk with bench/post.lua (JSON body per request; a \`response\` hook counts statuses), $WRK_THREADS threads," \
        "$WRK_CONNECTIONS connections, ${POST_SECONDS} s, $POST_ROUNDS round(s), each on a fresh copy of the 10k db." \
        "creates/s = 201 responses / wrk's duration. Saves are counted from outside by bench/count_saves.py (inotify:" \
        "each save renames a temporary file over db.json); the server fsyncs the file and the folder before it answers" \
        "(Sources/MockServer/Store/DurableFile.swift), which the count does not check. After each round the server is" \
        "stopped and the file's items are counted." ""
    commands "$API serve --mock db.json --port 0 --quiet" \
        "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${POST_SECONDS}s -s bench/post.lua $API_URL/users"
    detail "" "creates/s per round: $rates; saves/s: $saves_rates; creates per save: $per_save" "" "Check: $checks" ""
}

row_8() {
    local n=$BATCH_REQUESTS url=$NGINX_URL/counted/users/1 specs=$TMP/batch.ndjson
    if ! "$API" batch --help >/dev/null 2>&1; then
        row 8 "\`api batch\` of $n GETs, --parallel $BATCH_PARALLEL" "shell loop of \`curl -s\`" "not run: api batch missing" \
            "—" "≥ 30x; ≤ $BATCH_PARALLEL connections" "not run"
        return
    fi
    for ((i = 0; i < n; i++)); do echo "{\"url\":\"$url\"}"; done >"$specs"
    cat >"$TMP/curl-loop.sh" <<'EOF'
for ((i = 0; i < $1; i++)); do curl -s "$2"; done
EOF
    local file=$TMP/row-8.json
    run_hyperfine row-8 "$HF_ROUNDS" "$HF_SLOW_RUNS" 1 \
        -n "api batch" "$API batch $specs --parallel $BATCH_PARALLEL > /dev/null" \
        -n "curl loop" "bash $TMP/curl-loop.sh $CURL_LOOP $url > /dev/null"
    local batch loop scaled
    batch=$(hf_median "$file" 0) loop=$(hf_median "$file" 1)
    scaled=$(calc "$loop * $n / $CURL_LOOP" 6)
    # Connections: nginx logs each request's connection serial number.
    local access=$TMP/nginx/access.log batch_connections batch_ok loop_connections
    : >"$access"
    "$API" batch "$specs" --parallel "$BATCH_PARALLEL" >/dev/null
    batch_connections=$(cut -d' ' -f1 "$access" | sort -u | wc -l)
    batch_ok=$(grep -c ' 200$' "$access" || true)
    : >"$access"
    bash "$TMP/curl-loop.sh" 100 "$url" >/dev/null
    loop_connections=$(cut -d' ' -f1 "$access" | sort -u | wc -l)
    row 8 "\`api batch\` of $n GETs, \`--parallel $BATCH_PARALLEL\`" "shell loop of $n \`curl -s\` (timed: $CURL_LOOP, scaled)" \
        "batch $(ms "$batch"), curl loop $(ms "$scaled") (scaled); $batch_connections connections" \
        "$(calc "$scaled/$batch" 1)x faster" "≥ 30x; ≤ $BATCH_PARALLEL connections" \
        "$(pass_if "$scaled / $batch >= 30") speed, $(pass_if "$batch_connections <= $BATCH_PARALLEL") connections"
    detail "### Row 8: $n GETs in one \`api batch\` against a shell loop of curl" ""
    detail "hyperfine, $HF_ROUNDS rounds of $HF_SLOW_RUNS run of each (warm-up: 1); nginx serves the target (a static copy of \`/users/1\`)." \
        "The curl loop is timed for $CURL_LOOP requests and scaled linearly to $n (each curl is a new process and a" \
        "new connection, so the cost per request does not depend on the loop length). Connections are counted from" \
        "nginx's access log (\`\$connection\`, distinct serial numbers) in one more run of each: api batch opened" \
        "$batch_connections connection(s) for $n requests ($batch_ok answered 200); 100 curls opened $loop_connections." ""
    commands "$API batch batch.ndjson --parallel $BATCH_PARALLEL > /dev/null   # $n lines of {\"url\":\"$url\"}" \
        "bash curl-loop.sh $CURL_LOOP $url > /dev/null   # for ((i = 0; i < \$1; i++)); do curl -s \"\$2\"; done"
    detail "" "Medians: api batch $(ms "$batch"); curl loop of $CURL_LOOP $(ms "$loop"), scaled to $n: $(ms "$scaled")." ""
}

row_9() {
    local db=$TMP/db100k.json file=$TMP/row-9.json size
    cp "$DATA/db100k.json" "$db"
    size=$(stat -c %s "$db")
    run_hyperfine row-9 "$HF_ROUNDS" "$HF_MID_RUNS" "$HF_WARMUP" \
        -n "api serve until ready" "bash bench/serve-ready.sh $API $db $TMP/row9.ready" \
        -n "node JSON.parse" "node -e 'JSON.parse(require(\"fs\").readFileSync(\"$db\"))'"
    local api node hwm ready_hwm node_rss
    api=$(hf_median "$file" 0) node=$(hf_median "$file" 1)
    bash bench/serve-ready.sh "$API" "$db" "$TMP/row9.ready" "$TMP/row9.hwm" 2>"$TMP/row9.log"
    read -r ready_hwm hwm <"$TMP/row9.hwm"
    node_rss=$( { /usr/bin/time -f %M node -e "JSON.parse(require('fs').readFileSync('$db'))"; } 2>&1 | tail -n1)
    row 9 "\`api serve --mock\` on the 100k db ($(calc "$size/1048576" 1) MB) until the ready file appears" \
        "\`node -e\` JSON.parse of the file" \
        "api $(ms "$api"), node $(ms "$node"); server peak RSS $(calc "$ready_hwm/1024" 0) MB when ready, $(calc "$hwm/1024" 0) MB = $(calc "$hwm*1024/$size" 1)x the file once warm" \
        "api/node = $(calc "$api/$node")" "≤ 1.0; RSS ≤ 4x file" \
        "$(pass_if "$api <= $node") time, $(pass_if "$hwm * 1024 <= 4 * $size") RSS"
    detail "### Row 9: mock server start-up on the 100k db" ""
    detail "hyperfine, $HF_ROUNDS rounds of $HF_MID_RUNS runs of each (warm-up: $HF_WARMUP). bench/serve-ready.sh starts the server on port 0, polls for" \
        "the ready file every millisecond (\`read -t\`, no fork), then kills it; its own bash start is in the time," \
        "as node's start is in node's. RSS is VmHWM from /proc in one more run: when the ready file appears, and" \
        "once the server's memory has settled (it warms caches after it is ready; unchanged for 1 s); the target" \
        "is judged on the settled peak. node's peak RSS for the parse alone (\`/usr/bin/time\`) is $(calc "$node_rss/1024" 0) MB." ""
    commands "bash bench/serve-ready.sh $API db100k.json READY" \
        "node -e 'JSON.parse(require(\"fs\").readFileSync(\"db100k.json\"))'"
    detail "" "Medians: api $(ms "$api"), node $(ms "$node"). Server peak RSS $(calc "$ready_hwm/1024" 1) MB at ready, $(calc "$hwm/1024" 1) MB settled; file $(calc "$size/1048576" 1) MB." ""
}


# ------------------------------------------------------------------------------------- rows 10-13: the 1M db
# The 1,000,000-user database (about 330 MB pretty): generated once per seed and gen.py version, outside the
# repository.
big_db() {
    local stamp
    stamp="seed $SEED $(md5sum bench/gen.py | cut -d' ' -f1)"
    if [ "$(cat "$CACHE/db1m.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -s "$CACHE/db1m.json" ]; then
        log "generating the 1,000,000-user db (seed $SEED) in $CACHE (once; a minute or two)"
        mkdir -p "$CACHE"
        python3 bench/gen.py "$CACHE" --seed "$SEED" --db1m >&2
        echo "$stamp" >"$CACHE/db1m.stamp"
    fi
    BIG_DB=$CACHE/db1m.json
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# post_round DB LABEL: one wrk round of durable creates on a fresh copy of DB; sets POST_RATE (creates/s), and
# RSS_READY and RSS_AFTER (kB) of the server.
post_round() {
    local source=$1 label=$2 db=$TMP/post-$2.json out=$TMP/wrk-post-$2-$RANDOM.txt
    cp "$source" "$db"
    rm -f "$db.journal"
    start_api "post-$label" "$db"
    RSS_READY=$(rss_kb "$API_PID")
    log "wrk: POST $API_URL/users ($label)"
    wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${POST_SECONDS}s" -s bench/post.lua "$API_URL/users" >"$out" 2>&1
    RSS_AFTER=$(rss_kb "$API_PID")
    stop_pid "$API_PID"
    local created duration
    created=$(grep -o '201=[0-9]*' "$out" | cut -d= -f2 || true)
    duration=$(awk '/^duration_us/ { print $2 }' "$out")
    POST_RATE=$(calc "${created:-0} * 1000000 / $duration" 0)
}

row_10() {
    local round small="" large="" ready="" after="" size
    size=$(stat -c %s "$BIG_DB")
    for ((round = 1; round <= POST_ROUNDS; round++)); do
        post_round "$DATA/db10k.json" 10k
        small+="$POST_RATE "
        post_round "$BIG_DB" 1m
        large+="$POST_RATE "
        ready+="$RSS_READY " after+="$RSS_AFTER "
    done
    local s l r a
    s=$(tr ' ' '\n' <<<"$small" | grep . | median) l=$(tr ' ' '\n' <<<"$large" | grep . | median)
    r=$(tr ' ' '\n' <<<"$ready" | grep . | median) a=$(tr ' ' '\n' <<<"$after" | grep . | median)
    row 10 "\`POST /users\` durable creates, $WRK_CONNECTIONS connections, 1M db ($(calc "$size/1048576" 0) MB)" \
        "the same on the 10k db" "1M $(calc "$l" 0)/s, 10k $(calc "$s" 0)/s; RSS $(calc "$r*1024/$size" 2)x the file ready, $(calc "$a*1024/$size" 2)x after the storm" \
        "$(calc "$l/$s")x" "≥ 5,000/s on both; RSS ≤ 2.5x" \
        "$(pass_if "$l >= 5000 && $s >= 5000") rate, $(pass_if "$a * 1024 <= 2.5 * $size && $r * 1024 <= 2.5 * $size") RSS"
    detail "### Row 10: durable creates on the 1M db" ""
    detail "As row 7 (wrk with bench/post.lua, ${POST_SECONDS} s, $POST_ROUNDS round(s)), alternating a fresh copy of the 10k db and of the" \
        "1M db (bench/gen.py --db1m, seed $SEED, cached in \$BENCH_CACHE). A create is acknowledged once its record is" \
        "fdatasynced in db.json.journal; the file is rewritten in the background. RSS is VmRSS of the server when the" \
        "ready file appeared and right after the storm." ""
    detail "creates/s per round: 10k $small; 1M $large; RSS (kB) ready $ready, after $after; file $size bytes." ""
}

row_11() {
    local file=$TMP/row-11.json size db=$TMP/start-1m.json
    cp "$BIG_DB" "$db"
    size=$(stat -c %s "$db")
    run_hyperfine row-11 "$HF_ROUNDS" 1 1 \
        -n "api serve until ready" "bash bench/serve-ready.sh $API $db $TMP/row11.ready" \
        -n "node JSON.parse" "node -e 'JSON.parse(require(\"fs\").readFileSync(\"$db\"))'"
    local api node rss
    api=$(hf_median "$file" 0) node=$(hf_median "$file" 1)
    start_api start-1m "$db"
    rss=$(rss_kb "$API_PID")
    stop_pid "$API_PID"
    row 11 "\`api serve --mock\` on the 1M db until the ready file appears" "\`node -e\` JSON.parse of the file" \
        "api $(ms "$api"), node $(ms "$node"); RSS $(calc "$rss/1024" 0) MB = $(calc "$rss*1024/$size" 2)x the file" \
        "api/node = $(calc "$api/$node")" "≤ 1.0; RSS ≤ 2.5x" \
        "$(pass_if "$api <= $node") time, $(pass_if "$rss * 1024 <= 2.5 * $size") RSS"
    detail "### Row 11: start-up on the 1M db" ""
    detail "hyperfine, $HF_ROUNDS round(s) of 1 run of each (warm-up: 1), as row 9. The loader formats the file with the streaming" \
        "formatter (one validating pass) and cuts items out of its text; no tree is built." ""
}

rows_12_13() {
    local db=$TMP/read-1m.json small=$TMP/read-10k.json path='/users?age:gte=50&_sort=-age&_page=3'
    cp "$BIG_DB" "$db"
    cp "$DATA/db10k.json" "$small"
    start_api read-10k "$small"
    local small_url=$API_URL small_pid=$API_PID
    start_api read-1m "$db"
    start_node "$db"
    # Warm: the first filter on a field builds its column.
    curl -s "$API_URL$path" >/dev/null
    curl -s "$small_url$path" >/dev/null
    local ours theirs
    ours=$(curl -s "$API_URL$path" | jq -c '[.items, .pages, (.data | map(.id))]')
    theirs=$(curl -s "$NODE_URL$path" | jq -c '[.items, .pages, (.data | map(.id))]')
    [ "$ours" = "$theirs" ] || log "warning: row 13 pages differ: api $ours, node $theirs"
    wrk_alternating "$WRK_ROUNDS" get10k="$small_url/users/5000" get1m="$API_URL/users/500000"
    local g10=${MEDIAN[get10k]} g1m=${MEDIAN[get1m]}
    row 12 "\`GET /users/ID\` on the 1M db" "the same on the 10k db" \
        "1M $(calc "$g1m" 0)/s, 10k $(calc "$g10" 0)/s" "$(calc "$g1m/$g10")x" "≥ 0.8x" "$(pass_if "$g1m >= 0.8 * $g10")"
    wrk_alternating "$WRK_ROUNDS" api13="$API_URL$path" node13="$NODE_URL$path"
    local api=${MEDIAN[api13]} node=${MEDIAN[node13]}
    row 13 "\`GET $path\` on the 1M db" "bare Node server, same filter, sort, page" \
        "api $(calc "$api" 1)/s, node $(calc "$node" 1)/s" "$(calc "$api/($node > 0 ? $node : 0.01)")x" "≥ 2.0x" \
        "$(pass_if "$api >= 2 * $node")"
    stop_pid "$NODE_PID"
    stop_pid "$API_PID"
    stop_pid "$small_pid"
    detail "### Rows 12 and 13: reads on the 1M db" ""
    detail "wrk as rows 4-6, alternated. Row 12: \`/users/500000\` on the 1M db against \`/users/5000\` on the 10k db (both" \
        "answered on the event loop from the id index). Row 13: both servers on the 1M db, after one warm-up request" \
        "(api builds the typed column of \`age\` on the first filter of it, then keeps it in step with writes); same page:" \
        "$([ "$ours" = "$theirs" ] && echo "checked" || echo "**NOT the same**: api \`$ours\`, node \`$theirs\`")." ""
    detail "Runs (requests/s): get 10k ${RUNS[get10k]}; get 1M ${RUNS[get1m]}; api ${RUNS[api13]}; node ${RUNS[node13]}" ""
}

# ------------------------------------------------------------------------------------- rows 14-15: --query is jq
rows_14_15() {
    local url=$NGINX_URL/big.json file=$TMP/row-14.json size
    local filter='[.[] | select(.age > 50) | {name, city: .address.city}] | sort_by(.name) | length'
    size=$(stat -c %s "$DATA/big.json")
    # Both must give the same answer, or the comparison means nothing.
    local ours theirs
    ours=$("$API" get "$url" -q "$filter")
    theirs=$(curl -s "$url" | jq "$filter")
    [ "$ours" = "$theirs" ] || log "warning: row 14 answers differ: api $ours, jq $theirs"
    run_hyperfine row-14 "$HF_ROUNDS" "$HF_SLOW_RUNS" 1 \
        -n "api -q" "$API get $url -q '$filter' > /dev/null" \
        -n "curl | jq" "curl -s $url | jq '$filter' > /dev/null"
    # Row 15's runs take a tenth of a second: four times the rounds, for a steadier median.
    run_hyperfine row-15 "$((HF_ROUNDS * 4))" "$HF_SLOW_RUNS" 1 \
        -n "api -q .[].name" "$API get $url -q '.[] | .name' > /dev/null" \
        -n "api get" "$API get $url > /dev/null"
    local api jq names plain rss names_rss
    api=$(hf_median "$file" 0) jq=$(hf_median "$file" 1)
    names=$(hf_median "$TMP/row-15.json" 0) plain=$(hf_median "$TMP/row-15.json" 1)
    rss=$( { /usr/bin/time -f %M "$API" get "$url" -q "$filter" >/dev/null; } 2>&1 | tail -n1)
    names_rss=$( { /usr/bin/time -f %M "$API" get "$url" -q '.[] | .name' >/dev/null; } 2>&1 | tail -n1)
    row 14 "\`api get URL -q '$filter'\` on $(calc "$size/1048576" 0) MB" "\`curl -s URL \| jq '…'\`" \
        "api $(ms "$api"), curl+jq $(ms "$jq"); api peak RSS $(calc "$rss/1024" 0) MB" \
        "$(calc "$jq/$api" 1)x faster" "≥ 5x" "$(pass_if "$jq / $api >= 5")"
    row 15 "\`api get URL -q '.[] | .name'\` on the same body" "\`api get URL > /dev/null\`" \
        "-q $(ms "$names"), plain $(ms "$plain"); peak RSS $(calc "$names_rss/1024" 0) MB" \
        "$(calc "$names/$plain")x its time" "≤ 2.0x" "$(pass_if "$names <= 2 * $plain")"
    detail "### Rows 14 and 15: --query, the jq language, on a $(calc "$size/1048576" 1) MB body" ""
    detail "hyperfine, $HF_ROUNDS rounds (row 15: $((HF_ROUNDS * 4))) of $HF_SLOW_RUNS run of each (warm-up: 1), through \`sh -c\`; nginx serves the file. Both answer" \
        "$([ "$ours" = "$theirs" ] && echo "the same ($ours)" || echo "**differently**: api $ours, jq $theirs")." ""
    commands "$API get $url -q '$filter' > /dev/null" "curl -s $url | jq '$filter' > /dev/null" \
        "$API get $url -q '.[] | .name' > /dev/null" "$API get $url > /dev/null"
}

# ------------------------------------------------------------------------ rows 16-19: the PostgreSQL store
# `api serve --mock --store postgres://…` against pgbench running the store's own statements (same table, same
# column) with as many clients as wrk has connections, on a throwaway cluster (tests/e2e/postgres_cluster.py: fsync
# and synchronous_commit on), on the 10k and the 1M db; the file store on the same data beside them.
PG_FOLDER=""
start_postgres() {
    local out
    out=$(python3 tests/e2e/postgres_cluster.py start --max-connections 300 --shared-buffers 256MB) ||
        die "PostgreSQL could not be started (make test-deps installs it)"
    PG_FOLDER=$(sed -n 1p <<<"$out")
    PG_SUPER=$(sed -n 2p <<<"$out")
    log "PostgreSQL cluster in $PG_FOLDER"
}
pg_url() { sed "s|/postgres?|/$1?|" <<<"$PG_SUPER"; }
pg_sql() { psql -X -q -v ON_ERROR_STOP=1 -At "$(pg_url "$1")" -c "$2"; }

# The store's statements (Sources/MockServer/Store/Postgres/PostgresPrepared.swift), in one place here: an item is
# a row of api.items, its JSON in the text column `body` and as jsonb in `doc`. The lookup is the store's GET by id;
# the insert is the row a create inserts, autocommitted (the store batches concurrent creates: see the detail of
# rows 18-19).
pg_lookup_script() {
    printf '%s\n' "\\set id random(1, $1)" \
        "SELECT body, key_is_string FROM api.items WHERE resource = 'users' AND key = :id AND NOT repeated;"
}
pg_insert_script() {
    # new ids from a sequence of the bench's own, above every id of the data; the body holds its id, as the store's
    local rest=',"name":"Bench User","email":"bench@example.com","age":42,"role":"viewer","address":{"city":"Oslo","country":"NO"}}'
    printf '%s\n' "WITH n AS (SELECT nextval('bench_ids') AS id), b AS (SELECT id, '{\"id\":' || id || '$rest' AS body FROM n) INSERT INTO api.items (resource, key, key_is_string, integer_id, body, doc) SELECT 'users', b.id::text, false, b.id, b.body, b.body::jsonb FROM b ON CONFLICT (resource, key) WHERE key IS NOT NULL AND NOT repeated DO NOTHING RETURNING position;"
}

# start_api_pg NAME FILE DATABASE: `api serve --mock FILE --store postgres://…/DATABASE`; the first start seeds the
# database from FILE (1M items: minutes), so the wait is longer than start_api's. Sets API_URL and API_PID.
start_api_pg() {
    local name=$1 db=$2 database=$3 turns=0
    rm -f "$TMP/$name.ready"
    "$API" serve --mock "$db" --store "$(pg_url "$database")" ${BENCH_PG_POOL:+--pool "$BENCH_PG_POOL"} --port 0 \
        --ready-file "$TMP/$name.ready" --quiet 2>"$TMP/$name.log" &
    API_PID=$!
    PIDS+=("$API_PID")
    until [ -s "$TMP/$name.ready" ]; do
        kill -0 "$API_PID" 2>/dev/null || die "api serve --store postgres exited: $(head -c 500 "$TMP/$name.log")"
        ((++turns < 60000)) || die "api serve --store postgres not ready after 600 s"
        sleep 0.01
    done
    API_URL=$(head -n1 "$TMP/$name.ready")
}

# pgbench_tps LABEL DATABASE SCRIPT: one pgbench run, $WRK_CONNECTIONS clients, prepared statements; prints tps.
PGBENCH_RUN=0
pgbench_tps() {
    local label=$1 database=$2 script=$3 out
    PGBENCH_RUN=$((PGBENCH_RUN + 1))
    out=$TMP/pgbench-$label-$PGBENCH_RUN.txt
    pgbench -n -M prepared -c "$WRK_CONNECTIONS" -j "$WRK_THREADS" -T "$WRK_SECONDS" -f "$script" \
        "$(pg_url "$database")" >"$out" 2>&1 || log "warning: pgbench $label failed: $(tail -n3 "$out")"
    if grep -q '^number of failed transactions: [1-9]' "$out"; then
        echo "$label: $(grep '^number of failed' "$out")" >>"$TMP/wrk-warnings"
    fi
    awk '/^tps = / { print $3; exit }' "$out"
}

# wrk_random LABEL URL N: one wrk run of GET URL/users/ID, ID uniform in 1..N (bench/get-random.lua); prints
# requests/s.
wrk_random() {
    local label=$1 url=$2 n=$3 out
    WRK_RUN=$((WRK_RUN + 1))
    out=$TMP/wrk-$label-$WRK_RUN.txt
    wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" -s bench/get-random.lua "$url" -- "$n" >"$out" 2>&1 || true
    if grep -q -e 'Non-2xx' -e 'Socket errors' "$out"; then
        echo "$label: $(grep -h -e 'Non-2xx' -e 'Socket errors' "$out" | tr -s ' ' | tr '\n' ';')" >>"$TMP/wrk-warnings"
    fi
    awk '/^Requests\/sec:/ { print $2 }' "$out"
}

pg_median() { tr ' ' '\n' <<<"$1" | grep . | median; }

# pg_size SIZE FILE: the database bench_SIZE seeded from FILE through the store, with the api servers (pg and file
# store) of rows 16-19 on it; sets PG_API_URL, PG_API_PID, FILE_API_URL, FILE_API_PID, PG_SEED_S.
pg_size() {
    local size=$1 db=$2 started
    pg_sql postgres "CREATE DATABASE bench_${size,,}"
    cp "$db" "$TMP/pg-$size.json"
    started=$(date +%s.%N)
    start_api_pg "pg-$size" "$TMP/pg-$size.json" "bench_${size,,}"
    PG_SEED_S=$(calc "$(date +%s.%N) - $started" 1)
    PG_API_URL=$API_URL PG_API_PID=$API_PID
    pg_sql "bench_${size,,}" "CREATE SEQUENCE bench_ids START 100000000; ANALYZE"
    cp "$db" "$TMP/file-$size.json"
    start_api "file-$size" "$TMP/file-$size.json"
    FILE_API_URL=$API_URL FILE_API_PID=$API_PID
}

# pg_reads ROW SIZE N: row ROW, GET /users/ID (random ID in 1..N), api+pg against pgbench's lookup, file store beside.
pg_reads() {
    local row=$1 size=$2 n=$3 round api="" bench="" file="" script
    script=$TMP/pg-lookup-$size.sql
    pg_lookup_script "$n" >"$script"
    curl -sf "$PG_API_URL/users/1" >/dev/null || log "warning: row $row: GET /users/1 on the pg store failed"
    for ((round = 1; round <= WRK_ROUNDS; round++)); do
        log "round $round/$WRK_ROUNDS of row $row: api+pg, pgbench, api file store"
        api+="$(wrk_random "pg$row" "$PG_API_URL" "$n") "
        bench+="$(pgbench_tps "lookup$row" "bench_${size,,}" "$script") "
        file+="$(wrk_random "file$row" "$FILE_API_URL" "$n") "
    done
    local a b f
    a=$(pg_median "$api") b=$(pg_median "$bench") f=$(pg_median "$file")
    row "$row" "\`GET /users/ID\` (random ID), \`--store postgres://\`, $WRK_CONNECTIONS connections, $size db" \
        "pgbench, $WRK_CONNECTIONS clients: the store's lookup of one document by its key" \
        "api+pg $(calc "$a" 0)/s, pgbench $(calc "$b" 0)/s; file store $(calc "$f" 0)/s" \
        "$(calc "$a/$b")x pgbench; file store $(calc "$f/$b")x" "≥ 0.5x" "$(pass_if "$a >= 0.5 * $b")"
    detail "### Row $row: reads of the PostgreSQL store, $size db" ""
    detail "wrk ($WRK_THREADS threads, $WRK_CONNECTIONS connections, ${WRK_SECONDS} s, bench/get-random.lua: \`/users/ID\`, ID uniform in 1..$n)" \
        "against \`pgbench -M prepared -c $WRK_CONNECTIONS -j $WRK_THREADS -T $WRK_SECONDS\` with the script below, $WRK_ROUNDS round(s) of" \
        "api+pg, pgbench, api on the file store in turn; medians of the rounds. The database was seeded from the same" \
        "file by the server's first start ($PG_SEED_S s)." ""
    detail '```sql'
    cat "$script" >>"$DETAILS"
    detail '```' "" "Runs (/s): api+pg $api; pgbench $bench; file store $file" ""
}

# pg_creates ROW SIZE FILE: row ROW, durable POST /users, api+pg against pgbench's insert, file store beside.
pg_creates() {
    local row=$1 size=$2 db=$3 round api="" bench="" file="" script=$TMP/pg-insert.sql out
    pg_insert_script >"$script"
    for ((round = 1; round <= POST_ROUNDS; round++)); do
        log "round $round/$POST_ROUNDS of row $row: api+pg POST, pgbench insert, api file store POST"
        out=$TMP/wrk-pgpost-$row-$round.txt
        wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${POST_SECONDS}s" -s bench/post.lua "$PG_API_URL/users" >"$out" 2>&1
        local created duration
        created=$(grep -o '201=[0-9]*' "$out" | cut -d= -f2 || true)
        duration=$(awk '/^duration_us/ { print $2 }' "$out")
        api+="$(calc "${created:-0} * 1000000 / $duration" 0) "
        [ "$(grep -o 'statuses.*' "$out")" = "statuses 201=${created:-0}" ] ||
            echo "pg$row: $(grep -o 'statuses.*' "$out")" >>"$TMP/wrk-warnings"
        bench+="$(WRK_SECONDS=$POST_SECONDS pgbench_tps "insert$row" "bench_${size,,}" "$script") "
        post_round "$db" "$size"
        file+="$POST_RATE "
    done
    local a b f
    a=$(pg_median "$api") b=$(pg_median "$bench") f=$(pg_median "$file")
    row "$row" "\`POST /users\` durable creates, \`--store postgres://\`, $WRK_CONNECTIONS connections, $size db" \
        "pgbench, $WRK_CONNECTIONS clients: the store's insert of one document" \
        "api+pg $(calc "$a" 0)/s, pgbench $(calc "$b" 0)/s; file store $(calc "$f" 0)/s" \
        "$(calc "$a/$b")x pgbench; file store $(calc "$f/$b")x" "≥ 0.5x" "$(pass_if "$a >= 0.5 * $b")"
    detail "### Row $row: durable creates in the PostgreSQL store, $size db" ""
    detail "wrk with bench/post.lua as row 7 (${POST_SECONDS} s) against \`pgbench -M prepared -c $WRK_CONNECTIONS -j $WRK_THREADS -T $POST_SECONDS\` with" \
        "the script below (each transaction one autocommitted insert, \`synchronous_commit = on\`), then the file store on a" \
        "fresh copy of the db as row 10; $POST_ROUNDS round(s), medians. pgbench's ids come from a sequence. The store" \
        "gathers concurrent creates into batches (group commit): per batch one prepared statement for the collection's" \
        "facts and nextval for each new id, then one multi-row insert of this shape (\`INSERT … SELECT FROM unnest(…)\`)," \
        "committed once for the batch; pgbench commits each insert alone." ""
    detail '```sql'
    cat "$script" >>"$DETAILS"
    detail '```' "" "Runs (creates/s): api+pg $api; pgbench $bench; file store $file" ""
}

rows_16_19() {
    start_postgres
    if wants 16 || wants 18; then
        pg_size 10k "$DATA/db10k.json"
        if wants 16; then pg_reads 16 10k 10000; fi
        if wants 18; then pg_creates 18 10k "$DATA/db10k.json"; fi
        stop_pid "$PG_API_PID"
        stop_pid "$FILE_API_PID"
    fi
    if wants 17 || wants 19; then
        big_db
        pg_size 1M "$BIG_DB"
        if wants 17; then pg_reads 17 1M 1000000; fi
        if wants 19; then pg_creates 19 1M "$BIG_DB"; fi
        stop_pid "$PG_API_PID"
        stop_pid "$FILE_API_PID"
    fi
    python3 tests/e2e/postgres_cluster.py stop "$PG_FOLDER"
    PG_FOLDER=""
}

# ---------------------------------------------------------------------------------------------------- main
STARTED=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
install_missing
build_api
generate_inputs

mkdir -p "$TMP/www/users"
cp "$DATA/small.json" "$DATA/big.json" "$TMP/www/"
start_nginx
if wants 1 || wants 2; then rows_1_2; fi
if wants 3; then row_3; fi
if wants 4 || wants 5 || wants 6; then
    cp "$DATA/db10k.json" "$TMP/db10k.json"
    start_api get "$TMP/db10k.json"
    start_node "$TMP/db10k.json"
    curl -s "$API_URL/users/1" >"$TMP/www/users/1"
    if wants 4 || wants 5; then rows_4_5; fi
    if wants 6; then row_6; fi
    stop_pid "$API_PID"
    stop_pid "$NODE_PID"
fi
if wants 7; then row_7; fi
if wants 8; then
    [ -s "$TMP/www/users/1" ] || jq '.users[0]' "$DATA/db10k.json" >"$TMP/www/users/1"
    row_8
fi
if wants 9; then row_9; fi
if wants 10 || wants 11 || wants 12 || wants 13; then big_db; fi
if wants 10; then row_10; fi
if wants 11; then row_11; fi
if wants 12 || wants 13; then rows_12_13; fi
if wants 14 || wants 15; then rows_14_15; fi
if wants 16 || wants 17 || wants 18 || wants 19; then rows_16_19; fi

ELAPSED=$(($(date +%s) - STARTED))
{
    echo "# Benchmark results${QUICK:+ (QUICK run: shorter, noisier)}"
    echo
    echo "Written by \`make bench${QUICK:+ QUICK=1}\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'), in $((ELAPSED / 60)) min $((ELAPSED % 60)) s."
    echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)."
    echo "Tools: $("$API" --version 2>&1 | head -n1 | cut -d' ' -f1-3)); $(curl --version | head -n1 | cut -d' ' -f1-2); $(jq --version);" \
        "HTTPie $("$HTTP" --version); node $(node --version); $("$NGINX" -v 2>&1 | cut -d' ' -f3); wrk $(wrk -v 2>&1 | head -n1 | cut -d' ' -f2);" \
        "$(hyperfine --version). Inputs: bench/gen.py, seed $SEED."
    echo
    echo "Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "Only ratios mean anything: both sides of a row run in the same session, alternated (hyperfine rounds, wrk A B A B), on a shared machine."
    echo
    echo "| # | what | against | medians | ratio | target | result |"
    echo "|---|---|---|---|---|---|---|"
    sort -n -t'|' -k2 "$TABLE"
    echo
    if [ -s "$TMP/wrk-warnings" ]; then
        echo "wrk reported errors: $(tr '\n' ' ' <"$TMP/wrk-warnings")"
        echo
    fi
    echo "## How each row was measured"
    echo
    cat "$DETAILS"
    if [ -f bench/FINDINGS.md ]; then
        echo
        cat bench/FINDINGS.md
    fi
} | sed -e "s|$TMP|\$TMP|g" -e "s|$ROOT/||g" >"$RESULTS"
log "wrote ${RESULTS#"$ROOT"/} in $((ELAPSED / 60)) min $((ELAPSED % 60)) s"
cat "$TABLE" >&2
