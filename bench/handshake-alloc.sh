#!/usr/bin/env bash
# Bytes the server allocates per WebSocket handshake (open → 101 → close), a figure the box's load does not move:
# `parley serve` (pinned to CPU 0) is loaded by `parley bench -s connect` (CPU 1); over WINDOW s of it, JFR's
# per-thread allocation counters (jdk.ThreadAllocationStatistics, read at the recording's start and end) summed over
# all threads, divided by the sessions opened meanwhile (parley_sessions_opened_total from /metrics).
# docs/performance.md, "Handshake, round 2".
#
#   bench/handshake-alloc.sh target/parley.jar          # prints KB per handshake
#
# Every process it starts, it stops. Traffic to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$(realpath "$1")
PORT=${PORT:-18970} WINDOW=${WINDOW:-10}
OUTP=$(mktemp -d /tmp/handshake-alloc.XXXX)
taskset -c 0 java -Xmx1g -jar "$JAR" serve --port "$PORT" --max-connections-per-address 100000 \
    > "$OUTP/server.log" 2>&1 &
SP=$!
trap 'kill "$SP" 2>/dev/null; wait "$SP" 2>/dev/null || true' EXIT
source bench/lib.sh
wait_listen "$PORT" "$SP" parley "$OUTP/server.log"
opened() { curl -sf "http://127.0.0.1:$PORT/metrics" | awk '/^parley_sessions_opened_total /{print $2}'; }
taskset -c 1 java -jar "$JAR" bench "ws://127.0.0.1:$PORT" -q -s connect,tput32 -w 4 -d 1 > /dev/null
cat > "$OUTP/alloc.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting>
    <setting name="period">everyChunk</setting></event>
</configuration>
JFC
# The load runs only inside the recording (JFR's commands take seconds on a loaded box): the handshakes counted
# before and after it are exactly those whose allocation the recording holds, plus an idle server's few bytes.
jcmd "$SP" JFR.start name=a settings="$OUTP/alloc.jfc" > /dev/null
before=$(opened)
taskset -c 1 java -jar "$JAR" bench "ws://127.0.0.1:$PORT" -q -s connect -w 0 -d "$WINDOW" > /dev/null
after=$(opened)
jcmd "$SP" JFR.dump name=a filename="$OUTP/alloc.jfr" > /dev/null
jcmd "$SP" JFR.stop name=a > /dev/null
jfr print --json --events jdk.ThreadAllocationStatistics "$OUTP/alloc.jfr" | /usr/bin/python3 -c '
import json, sys, collections
first, last = {}, {}
for e in json.load(sys.stdin)["recording"]["events"]:
    v = e["values"]; t = v["thread"]["javaThreadId"] if v.get("thread") else None
    first.setdefault(t, v["allocated"]); last[t] = v["allocated"]
total = sum(last[t] - first[t] for t in last)
n = float(sys.argv[2]) - float(sys.argv[1])
print(f"{total / n / 1024:.1f} KB allocated per handshake ({total / 1e6:.0f} MB over {n:.0f} handshakes)")
' "$before" "$after"
