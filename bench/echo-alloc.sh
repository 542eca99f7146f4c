#!/usr/bin/env bash
# Bytes the server allocates per echoed message (SCENARIO, default tput32), a figure the box's load does not move:
# `parley serve` (pinned to CPU 0) is loaded by `parley bench -s $SCENARIO` (CPU 1); over WINDOW s of it, JFR's
# per-thread allocation counters (jdk.ThreadAllocationStatistics, read at the recording's start and end) summed over
# all threads, divided by the messages received meanwhile (parley_messages_received_total from /metrics).
# docs/performance.md, "Echo path, round 2".
#
#   SCENARIO=rtt100 bench/echo-alloc.sh target/parley.jar     # prints bytes per message
#
# Every process it starts, it stops. Traffic to 127.0.0.1 only.
set -euo pipefail
# the bench sends from 127.0.0.1 as fast as answered: the frame budgets are lifted, as in bench/paired-jars.sh
export PARLEY_FRAME_RATE=1e9 PARLEY_FRAME_BURST=1000000000 \
    PARLEY_ADDRESS_FRAME_RATE=1e9 PARLEY_ADDRESS_FRAME_BURST=1000000000
cd "$(dirname "$0")/.."
JAR=$(realpath "$1")
PORT=${PORT:-18975} WINDOW=${WINDOW:-10} SCENARIO=${SCENARIO:-tput32}
OUTP=$(mktemp -d /tmp/echo-alloc.XXXX)
taskset -c 0 java -Xmx1g -jar "$JAR" serve --port "$PORT" --max-connections-per-address 100000 \
    > "$OUTP/server.log" 2>&1 &
SP=$!
trap 'kill "$SP" 2>/dev/null; wait "$SP" 2>/dev/null || true' EXIT
source bench/lib.sh
wait_listen "$PORT" "$SP" parley "$OUTP/server.log"
opened() { curl -sf "http://127.0.0.1:$PORT/metrics" | awk '/^parley_messages_received_total /{print $2}'; }
taskset -c 1 java -jar "$JAR" bench "ws://127.0.0.1:$PORT" -q -s "$SCENARIO,tput32" -w 4 -d 1 > /dev/null
taskset -c 1 java -jar "$JAR" bench "ws://127.0.0.1:$PORT" -q -s "$SCENARIO" -w 1 -d $((WINDOW + 4)) > /dev/null &
LP=$!
sleep 2
cat > "$OUTP/alloc.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting>
    <setting name="period">everyChunk</setting></event>
</configuration>
JFC
before=$(opened)
jcmd "$SP" JFR.start name=a settings="$OUTP/alloc.jfc" > /dev/null
sleep "$WINDOW"
jcmd "$SP" JFR.dump name=a filename="$OUTP/alloc.jfr" > /dev/null
after=$(opened)
jcmd "$SP" JFR.stop name=a > /dev/null
wait "$LP" || true
jfr print --json --events jdk.ThreadAllocationStatistics "$OUTP/alloc.jfr" | /usr/bin/python3 -c '
import json, sys, collections
first, last = {}, {}
for e in json.load(sys.stdin)["recording"]["events"]:
    v = e["values"]; t = v["thread"]["javaThreadId"] if v.get("thread") else None
    first.setdefault(t, v["allocated"]); last[t] = v["allocated"]
total = sum(last[t] - first[t] for t in last)
n = float(sys.argv[2]) - float(sys.argv[1])
print(f"{total / n:.0f} bytes allocated per message ({total / 1e6:.0f} MB over {n:.0f} messages)")
' "$before" "$after"
