#!/usr/bin/env bash
# permessage-deflate over real sockets (issue 18): the /chat workload in one room of ~1 KiB JSON messages (English-like
# prose, see bench/ChatProse), Parley's deflate off, compress-once and per-session, each started fresh per round,
# server pinned to one CPU and the load generator to the other, order rotated every round; then bench/deflate.py
# prints server CPU µs per delivery, paired ratios to "off", bytes on the wire per delivery and the latency.
# See docs/performance.md, "permessage-deflate".
#
#   bench/deflate.sh
#   ROUNDS=1 DURATION=3 VARIANTS="off-200 once-200" bench/deflate.sh
#
# A variant is MODE-MEMBERS: MODE `off` (serve --deflate off, bench without --deflate), `once` (--deflate on, bench
# --deflate: one compressed frame shared by every member) or `session` (--deflate on with -Dparley.tuning=io,frames,
# unmask, i.e. the deflate-once tuning off: the server keeps a context per session, at most 256 deflaters at once,
# the other sessions get the shared frame); MEMBERS the room's size (one room). Every server it starts, it stops
# (also on Ctrl-C). Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

VARIANTS=${VARIANTS:-"off-1000 once-1000 session-1000 off-200 once-200 session-200"}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3}                # s after every member has joined, at the rate, before the window
DURATION=${DURATION:-10}
DELIVERIES=${DELIVERIES:-1000}     # deliveries/s: the rate of says is this / MEMBERS, the same load for every room
SIZE=${SIZE:-900}                  # text bytes: the server's message frame is then ~1,010 bytes of JSON
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT_BASE=${PORT_BASE:-21100}
JVM_OPTS=${JVM_OPTS:--Xmx1g}
# One address sends everything: lift the per-address connection cap, the chat's say rate and the frame budgets.
PARLEY_OPTS=${PARLEY_OPTS:---max-connections-per-address 100000 --rate 1e9 --burst 1000000000}
export PARLEY_FRAME_RATE=1e9 PARLEY_FRAME_BURST=1000000000 PARLEY_ADDRESS_FRAME_RATE=1e9 PARLEY_ADDRESS_FRAME_BURST=1000000000
OUT=${OUT:-bench/results/deflate-$(date -u +%Y%m%d-%H%M%S)}

source bench/lib.sh
results_dir
[ -f target/parley.jar ] || { echo "build first: ./mvnw -q -B package -DskipTests" >&2; exit 1; }
JAR=$OUT/parley.jar                # a copy: a rebuild during the run cannot change what is measured
cp target/parley.jar "$JAR"

port_counter=0
source bench/servers.sh

start_server() { # MODE -> SERVER_PID, PORT
    PORT=$((PORT_BASE + port_counter % 100)); port_counter=$((port_counter + 1))
    local tuning=all deflate=on
    case $1 in
        off) deflate=off;;
        once) ;;
        session) tuning=io,frames,unmask;;
        *) echo "unknown mode $1" >&2; exit 2;;
    esac
    launch_server "$1" java $JVM_OPTS "-Dparley.tuning=$tuning" -jar "$JAR" serve --port "$PORT" --deflate "$deflate" \
        $PARLEY_OPTS
}

say "variants: $VARIANTS; rounds $ROUNDS; ${DELIVERIES} deliveries/s, text $SIZE B; ${WARMUP}s+${DURATION}s; results $OUT"
say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r -a LIST <<< "$VARIANTS"
for round in $(seq 1 "$ROUNDS"); do
    rotation "$round" "${LIST[@]}"
    say "round $round: ${ORDER[*]}"
    for variant in "${ORDER[@]}"; do
        mode=${variant%-*} members=${variant##*-}
        start_server "$mode" || continue
        offer=(); [ "$mode" = off ] || offer=(--deflate)
        rate=$(python3 -c "print($DELIVERIES / $members)")
        say "  $variant: $members members, $rate says/s"
        taskset -c "$CLIENT_CPU" java -Xmx1g -jar "$JAR" bench "ws://127.0.0.1:$PORT" -q -s chat -c "$members" \
            --rooms 1 --rate "$rate" --size "$SIZE" -w "$WARMUP" -d "$DURATION" --stall-timeout 60 "${offer[@]}" \
            --pid "$SERVER_PID" --label "$variant" --round "$round" --json "$RESULTS" >> "$LOG" 2>&1 || true
        stop_server
    done
done
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 bench/deflate.py "$RESULTS" --variants "$VARIANTS" | tee "$OUT/summary.md"
