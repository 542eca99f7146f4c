#!/usr/bin/env bash
# A JFR profile of `parley serve` under one `parley bench` scenario: the server (pinned to CPU 0) is warmed up with
# WARMUP s of the scenario and tput32, then loaded for 4 + RECORD + 2 s; JFR samples every 2 ms (the JDK's
# profile.jfc with the execution sampling period set to 2 ms) over RECORD s of it, then bench/jfr-top.py prints the
# top frames and allocations. docs/performance.md, "Handshake, round 2".
#
#   bench/bench-profile.sh target/parley.jar connect /tmp/connect        # writes /tmp/connect.jfr, .txt
#
# Every process it starts, it stops. Traffic to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$(realpath "$1") S=$2 OUTP=$3
PORT=${PORT:-18960} RECORD=${RECORD:-12} WARMUP=${WARMUP:-6}
export PARLEY_FRAME_RATE=1e9 PARLEY_FRAME_BURST=1000000000 \
    PARLEY_ADDRESS_FRAME_RATE=1e9 PARLEY_ADDRESS_FRAME_BURST=1000000000
taskset -c 0 java -Xmx1g -jar "$JAR" serve --port "$PORT" --max-connections-per-address 100000 \
    > "$OUTP.server.log" 2>&1 &
SP=$!
trap 'kill "$SP" 2>/dev/null; wait "$SP" 2>/dev/null || true' EXIT
source bench/lib.sh
wait_listen "$PORT" "$SP" parley "$OUTP.server.log"
bench() { taskset -c 1 java -jar "$JAR" bench "ws://127.0.0.1:$PORT" -q "$@"; }
bench -s "$S,tput32" -w "$WARMUP" -d 1 > /dev/null
bench -s "$S" -w 4 -d $((RECORD + 2)) --pid "$SP" --json "$OUTP.jsonl" > /dev/null &
LP=$!
sleep 5
jfr_profile "$SP" "$OUTP" "$RECORD"
wait "$LP"
echo "profile: $OUTP.jfr, summary: $OUTP.txt, bench: $OUTP.jsonl"
