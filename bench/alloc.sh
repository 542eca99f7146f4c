#!/usr/bin/env bash
# Bytes the server allocates per operation, a figure the box's load does not move: `parley serve` (pinned to CPU 0)
# is loaded by `parley bench -s $SCENARIO` (CPU 1) for WINDOW s inside a JFR recording of the per-thread allocation
# counters (jdk.ThreadAllocationStatistics, read at the recording's start and end), summed over all threads and
# divided by the operations counted in /metrics meanwhile: sessions opened for `connect` (a handshake), messages
# received for every other scenario (an echoed message). docs/performance.md, "Handshake, round 2" and "Echo path,
# round 2".
#
#   bench/alloc.sh target/parley.jar                      # connect: KB per handshake
#   SCENARIO=tput32 bench/alloc.sh target/parley.jar      # bytes per echoed message (also rtt1, rtt100, tput64k)
#
# Every process it starts, it stops. Traffic to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$(realpath "$1")
PORT=${PORT:-18970} WINDOW=${WINDOW:-10} SCENARIO=${SCENARIO:-connect}
# the bench sends from 127.0.0.1 as fast as answered: the frame budgets are lifted, as in bench/paired-jars.sh
export PARLEY_FRAME_RATE=1e9 PARLEY_FRAME_BURST=1000000000 \
    PARLEY_ADDRESS_FRAME_RATE=1e9 PARLEY_ADDRESS_FRAME_BURST=1000000000
if [ "$SCENARIO" = connect ]; then
    counter=parley_sessions_opened_total
else
    counter=parley_messages_received_total
fi
OUTP=$(mktemp -d /tmp/parley-alloc.XXXX)
taskset -c 0 java -Xmx1g -jar "$JAR" serve --port "$PORT" --max-connections-per-address 100000 \
    > "$OUTP/server.log" 2>&1 &
SP=$!
trap 'kill "$SP" 2>/dev/null; wait "$SP" 2>/dev/null || true' EXIT
source bench/lib.sh
wait_listen "$PORT" "$SP" parley "$OUTP/server.log"
count() { curl -sf "http://127.0.0.1:$PORT/metrics" | awk -v c="$counter" '$1 == c {print $2}'; }
# warm the JIT on this scenario and on echo
taskset -c 1 java -jar "$JAR" bench "ws://127.0.0.1:$PORT" -q -s "$SCENARIO,tput32" -w 4 -d 1 > /dev/null
cat > "$OUTP/alloc.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting>
    <setting name="period">everyChunk</setting></event>
</configuration>
JFC
# The load runs only inside the recording (JFR's commands take seconds on a loaded box): the operations counted
# before and after it are exactly those whose allocation the recording holds, plus an idle server's few bytes.
jcmd "$SP" JFR.start name=a settings="$OUTP/alloc.jfc" > /dev/null
before=$(count)
taskset -c 1 java -jar "$JAR" bench "ws://127.0.0.1:$PORT" -q -s "$SCENARIO" -w 0 -d "$WINDOW" > /dev/null
after=$(count)
jcmd "$SP" JFR.dump name=a filename="$OUTP/alloc.jfr" > /dev/null
jcmd "$SP" JFR.stop name=a > /dev/null
jfr print --json --events jdk.ThreadAllocationStatistics "$OUTP/alloc.jfr" | /usr/bin/python3 -c '
import json, sys
first, last = {}, {}
for e in json.load(sys.stdin)["recording"]["events"]:
    v = e["values"]; t = v["thread"]["javaThreadId"] if v.get("thread") else None
    first.setdefault(t, v["allocated"]); last[t] = v["allocated"]
total = sum(last[t] - first[t] for t in last)
n = float(sys.argv[2]) - float(sys.argv[1])
if sys.argv[3] == "connect":
    print(f"{total / n / 1024:.1f} KB allocated per handshake ({total / 1e6:.0f} MB over {n:.0f} handshakes)")
else:
    print(f"{total / n:.0f} bytes allocated per message ({total / 1e6:.0f} MB over {n:.0f} messages)")
' "$before" "$after" "$SCENARIO"
