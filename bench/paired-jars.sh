#!/usr/bin/env bash
# Paired A/B of two builds of Parley (say, before and after a commit), where bench/paired.sh compares switches of one
# build: per round each jar is started fresh pinned to CPU 0, warmed up, measured by `parley bench` (from jar B)
# pinned to CPU 1, and stopped; the order alternates every round. Prints server CPU µs/op per jar and B/A per round.
#
#   git stash; ./mvnw -q package -DskipTests; cp target/parley.jar /tmp/a.jar; git stash pop
#   ./mvnw -q package -DskipTests; cp target/parley.jar /tmp/b.jar
#   SCENARIO=connect ROUNDS=5 bench/paired-jars.sh /tmp/a.jar /tmp/b.jar
#
# Every server it starts, it stops. Traffic goes to 127.0.0.1 only.
set -euo pipefail
A=$(realpath "$1"); B=$(realpath "$2")
SCENARIO=${SCENARIO:-connect}
ROUNDS=${ROUNDS:-5}
PORT=${PORT_BASE:-18700}
OUT=${OUT:-$(mktemp -d /tmp/paired-jars.XXXX)}
mkdir -p "$OUT"; : > "$OUT/a.jsonl"; : > "$OUT/b.jsonl"
# The bench sends everything from 127.0.0.1, as fast as the server answers: the frame budgets (docs/limits.md) would
# cut its throughput scenarios, so they are lifted (environment variables: a jar without the budgets ignores them).
export PARLEY_FRAME_RATE=${PARLEY_FRAME_RATE:-1e9} PARLEY_FRAME_BURST=${PARLEY_FRAME_BURST:-1000000000}
export PARLEY_ADDRESS_FRAME_RATE=${PARLEY_ADDRESS_FRAME_RATE:-1e9} PARLEY_ADDRESS_FRAME_BURST=${PARLEY_ADDRESS_FRAME_BURST:-1000000000}
SERVER_PID=
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true' EXIT

for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then order="a b"; else order="b a"; fi
    for side in $order; do
        jar=$A; [ "$side" = b ] && jar=$B
        PORT=$((PORT + 1))
        taskset -c 0 java -Xmx1g -jar "$jar" serve --port "$PORT" --max-connections-per-address 100000 \
            > "$OUT/server-$side.log" 2>&1 &
        SERVER_PID=$!
        for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
        # warm-up (JIT), then the measured window
        taskset -c 1 java -jar "$B" bench "ws://127.0.0.1:$PORT" -s "$SCENARIO,tput32" -w 2 -d 2 -q >/dev/null
        taskset -c 1 java -jar "$B" bench "ws://127.0.0.1:$PORT" -s "$SCENARIO" -w 1 -d 4 \
            --pid "$SERVER_PID" -q --json "$OUT/$side.jsonl" >/dev/null
        kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
    done
done

/usr/bin/python3 - "$OUT" <<'PY'
import json, statistics, sys
out = sys.argv[1]
rows = {s: [json.loads(l) for l in open(f"{out}/{s}.jsonl")] for s in ("a", "b")}
for s, xs in rows.items():
    cpu = [x["serverCpuUsPerOp"] for x in xs]
    print(f"{s}: CPU us/op {statistics.median(cpu):.1f} ({min(cpu):.1f}-{max(cpu):.1f}), "
          f"foreign CPU % {[round(x['foreignCpuPct']) for x in xs]}")
ratios = [b["serverCpuUsPerOp"] / a["serverCpuUsPerOp"] for a, b in zip(rows["a"], rows["b"])]
print(f"b/a paired per round: {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f}) "
      f"over {len(ratios)} rounds; raw lines in {out}")
PY
