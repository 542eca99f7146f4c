#!/usr/bin/env bash
# A JFR profile of Parley's Socket.IO server under one bench/socketio.sh workload: the server (pinned to CPU 0) is
# loaded by bench/socketio-load.js (pinned to CPU 1) for 3 s of warm-up, then 5 s + 15 s; JFR samples every 2 ms
# (the JDK's own profile.jfc with the execution sampling period set to 2 ms) over 12 s of the second run, then
# bench/jfr-top.py prints the top frames and allocations. docs/performance.md, "Socket.IO", "Where the CPU goes".
#
#   bench/socketio-profile.sh target/parley.jar echo websocket /tmp/echo-ws     # writes /tmp/echo-ws.jfr, .txt
#   bench/socketio-profile.sh target/parley.jar bcast polling /tmp/bcast-poll
#
# Every process it starts, it stops. Traffic to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$(realpath "$1") W=$2 T=$3 OUTP=$4
PORT=${PORT:-18950}
export PARLEY_MAX_CONNECTIONS_PER_ADDRESS=100000 PARLEY_FRAME_RATE=1e9 PARLEY_FRAME_BURST=1000000000 \
    PARLEY_ADDRESS_FRAME_RATE=1e9 PARLEY_ADDRESS_FRAME_BURST=1000000000 PARLEY_RATE=1e9 PARLEY_BURST=1000000000
if [ "$W" = echo ]; then
    cmd=(socketio-fixture --port "$PORT" --ping-interval 25000 --ping-timeout 20000 --connect-timeout 45000); c=50
else
    cmd=(serve --port "$PORT"); c=100
fi
taskset -c 0 java -Xmx512m -jar "$JAR" "${cmd[@]}" > "$OUTP.server.log" 2>&1 &
SP=$!
trap 'kill "$SP" 2>/dev/null; wait "$SP" 2>/dev/null || true' EXIT
source bench/lib.sh
wait_listen "$PORT" "$SP" parley "$OUTP.server.log"
load() { taskset -c 1 node bench/socketio-load.js --url "http://127.0.0.1:$PORT" --workload "$W" --transport "$T" \
    -c "$c" --stall 30 "$@"; }
load --warmup 0 --duration 3 > /dev/null || true
load --warmup 5 --duration 15 --pid "$SP" &
LP=$!
sleep 7
jfr_profile "$SP" "$OUTP" 12
wait "$LP"
echo "profile: $OUTP.jfr, summary: $OUTP.txt"
