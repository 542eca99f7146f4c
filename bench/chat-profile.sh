#!/usr/bin/env bash
# A JFR profile of Parley's /chat under one bench/chat-vs-socketio.sh setup: `parley serve` (pinned to CPU 0) loaded
# (pinned to CPU 1) by `parley bench -s chat` over plain WebSocket (ws) or by bench/chat-load.js over Socket.IO (sio),
# MEMBERS in ROOMS at RATE deliveries/s: 4 s of warm-up, then a 4 s + 40 s run, with JFR sampling every 2 ms (the
# JDK's profile.jfc with the execution sampling period set to 2 ms) over 12 s of it ($JFR_AFTER s after its start);
# then bench/jfr-top.py prints the top frames and allocations. docs/performance.md, "/chat against Socket.IO".
#
#   bench/chat-profile.sh target/parley.jar ws 1000 1 /tmp/chat-ws      # writes /tmp/chat-ws.jfr, /tmp/chat-ws.txt
#   RATE=20000 bench/chat-profile.sh target/parley.jar sio 1000 10 /tmp/chat-sio
#
# Every process it starts, it stops. Traffic to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$(realpath "$1") VIA=$2 C=$3 R=$4 OUTP=$5
PORT=${PORT:-20090}
RATE=${RATE:-10000}
export PARLEY_MAX_CONNECTIONS_PER_ADDRESS=100000 PARLEY_FRAME_RATE=1e9 PARLEY_FRAME_BURST=1000000000 \
    PARLEY_ADDRESS_FRAME_RATE=1e9 PARLEY_ADDRESS_FRAME_BURST=1000000000 PARLEY_RATE=1e9 PARLEY_BURST=1000000000
taskset -c 0 java -Xmx1g -jar "$JAR" serve --port "$PORT" > "$OUTP.server.log" 2>&1 &
SP=$!
LP=
trap 'kill "$SP" $LP 2>/dev/null; wait "$SP" $LP 2>/dev/null || true' EXIT
source bench/lib.sh
wait_listen "$PORT" "$SP" parley "$OUTP.server.log"
says=$(/usr/bin/python3 -c "print(round($RATE / ($C // $R), 3))")
load() { # WARMUP DURATION [--pid PID]
    if [ "$VIA" = ws ]; then
        taskset -c 1 java -jar "$JAR" bench "ws://127.0.0.1:$PORT" -s chat -q -c "$C" --rooms "$R" --rate "$says" \
            -w "$1" -d "$2" --stall-timeout 30 "${@:3}"
    else
        taskset -c 1 node bench/chat-load.js --url "http://127.0.0.1:$PORT" -c "$C" --rooms "$R" --rate "$says" \
            --warmup "$1" --duration "$2" --stall 30 "${@:3}"
    fi
}
load 0 4 > /dev/null || true
load 4 40 --pid "$SP" > "$OUTP.load.txt" &
LP=$!
# the members connect and join first (up to ~20 s for 1000 in one room over Socket.IO, on a loaded box): JFR starts
# $JFR_AFTER s after the run (default 14 s over WebSocket, 30 s over Socket.IO), inside its 40 s window
sleep "${JFR_AFTER:-$([ "$VIA" = ws ] && echo 14 || echo 30)}"
jfr_profile "$SP" "$OUTP" 12
wait "$LP" || true
LP=
echo "profile: $OUTP.jfr, summary: $OUTP.txt; the load's line: $OUTP.load.txt"
