#!/usr/bin/env bash
# Many connections over several Parley nodes on one box (issue 16), for a box whose open-files hard limit per process
# (ulimit -Hn) is below the connections wanted: NODES nodes, each its own JVM under that limit, share one redis-server;
# as many `parley bench -s scale --room` processes, one per node, each from its own loopback source addresses, connect
# CONNS in all to /chat (auth mode, all as one user, so a join makes no presence traffic) and join ONE room. Once every
# bench process says "ready", the nodes' RSS and live heap (jcmd GC.class_histogram: a full GC) and Redis's memory are
# read, and one message is published into the room (POST /api/rooms/ROOM/messages on node 1, the send time taken just
# before the request's bytes are written). Redis carries it to every node, every node to its members; each bench
# process reports its last delivery as wall-clock time, and the merge gives send -> last delivery over all of them.
# See docs/performance.md, "100,000 connections".
#
#   bench/scale-nodes.sh                         # 100,000 connections over 6 nodes
#   CONNS=60000 NODES=4 bench/scale-nodes.sh
#
# Settings (environment): CONNS (100000), NODES (6), SERVER_CPU (0: the nodes), CLIENT_CPU (1: the bench processes),
# REDIS_CPU (0,1: one thread that every join waits for, let it run where there is room), PORT_BASE (21400: node i on PORT_BASE+i-1), REDIS_PORT (21499), NODE_HEAP_MB (384 + 64 KB a
# connection of the node), CLIENT_HEAP_MB (256 + 8 KB a connection), WAIT (900 s: the longest to wait for the joins
# and for the message), OUT. Bench process k (from 0) binds to 127.0.(10+k).1 and up, one address per 10,000
# connections. The open-files limit is raised in this shell only (ulimit -n, up to the hard limit); no system
# setting is changed. Every process it starts it stops, also on Ctrl-C. Traffic stays on 127.0.0.0/8.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNS=${CONNS:-100000}
NODES=${NODES:-6}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
REDIS_CPU=${REDIS_CPU:-0,1}
PORT_BASE=${PORT_BASE:-21400}
REDIS_PORT=${REDIS_PORT:-21499}
ROOM=${ROOM:-scale}
WAIT=${WAIT:-900}
PER_NODE=$(( (CONNS + NODES - 1) / NODES ))
NODE_HEAP_MB=${NODE_HEAP_MB:-$((384 + PER_NODE * 64 / 1024))}
CLIENT_HEAP_MB=${CLIENT_HEAP_MB:-$((256 + PER_NODE * 8 / 1024))}
OUT=${OUT:-bench/results/scale-nodes-$(date -u +%Y%m%d-%H%M%S)}
# All members come from a few addresses and answer pings: the per-address caps and frame budgets are lifted. On a
# loaded box the nodes may take longer than the 10 s default to read a request head of the 1,500 handshakes in flight
# (256 per bench process): --http-head-timeout is raised to 120 s; and a join waits on a redis-server that shares
# the CPU with everything else: --redis-timeout 30 s (2 s timed out joins at load 50), --redis-max-in-flight 20,000.
export PARLEY_FRAME_RATE=1e9 PARLEY_FRAME_BURST=1000000000 PARLEY_ADDRESS_FRAME_RATE=1e9 PARLEY_ADDRESS_FRAME_BURST=1000000000

source bench/lib.sh
results_dir                          # also raises the open-files limit to the hard one
FILES=$((PER_NODE + 1000))
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$FILES" ]; then
    echo "bench/scale-nodes.sh: $PER_NODE connections a node need an open-files limit of $FILES per process; the" \
         "hard limit is $(ulimit -Hn). Use more nodes: NODES=$(( (CONNS + $(ulimit -Hn) - 1001) / ($(ulimit -Hn) - 1000) ))" >&2
    exit 1
fi
ulimit -n "$FILES"
[ -f target/parley.jar ] || { echo "build first: ./mvnw -q -B package -DskipTests" >&2; exit 1; }
/usr/bin/redis-server --version > /dev/null 2>&1 || { echo "no redis-server: scripts/ensure-redis.sh" >&2; exit 1; }
JAR=$OUT/parley.jar                  # a copy: a rebuild during the run cannot change what is measured
cp target/parley.jar "$JAR"

PIDS_TO_STOP=()
stop_all() {
    local p
    for p in "${PIDS_TO_STOP[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${PIDS_TO_STOP[@]}"; do stop_pid "$p"; done
    PIDS_TO_STOP=()
}
trap stop_all EXIT
trap 'stop_all; exit 130' INT TERM
rcli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@" | tr -d '\r'; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
heap_kb() { jcmd "$1" GC.class_histogram 2>/dev/null | awk '/^Total/ {print int($3 / 1024)}'; } # live, after a full GC
redis_kb() { rcli INFO memory | awk -F: '/^used_memory:/ {print int($2 / 1024)}'; }

# One secret for the nodes, one token for every connection (one user: a join adds a session to the user, and only a
# user's first session makes presence traffic), one key for the publish API.
SECRET=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
API_KEY=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
python3 - "$SECRET" > "$OUT/token" <<'PY'
import base64, hmac, hashlib, json, sys, time
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
signed = b64(b'{"alg":"HS256","typ":"JWT"}') + "." + b64(json.dumps({"sub": "scale", "exp": int(time.time()) + 86400}).encode())
print(signed + "." + b64(hmac.new(sys.argv[1].encode(), signed.encode(), hashlib.sha256).digest()))
PY

say "scale-nodes: $CONNS connections over $NODES nodes ($PER_NODE each, -Xmx${NODE_HEAP_MB}m), room $ROOM; results $OUT"
say "open-files limit $(ulimit -n) (hard $(ulimit -Hn)); memory available $(free -g | awk '/^Mem:/ {print $7}') GB; load $(cut -d' ' -f1-3 /proc/loadavg)"
taskset -c "$REDIS_CPU" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize no --logfile "$OUT/redis.log" &
REDIS_PID=$!
PIDS_TO_STOP+=("$REDIS_PID")
wait_listen "$REDIS_PORT" "$REDIS_PID" redis "$OUT/redis.log"

NODE_PIDS=()
for i in $(seq 1 "$NODES"); do
    PARLEY_AUTH_SECRET=$SECRET PARLEY_API_KEY=$API_KEY taskset -c "$SERVER_CPU" java "-Xmx${NODE_HEAP_MB}m" \
        -jar "$JAR" serve --port $((PORT_BASE + i - 1)) --redis "redis://127.0.0.1:$REDIS_PORT" \
        --max-connections $(( (PER_NODE + 100) * 10 / 9 + 1 )) --max-connections-per-address 100000 \
        --redis-max-in-flight 20000 --redis-timeout 30000 --rate 1e9 --burst 1000000000 --http-head-timeout 120000 \
        > "$OUT/node$i.log" 2>&1 &
    NODE_PIDS+=($!)
    PIDS_TO_STOP+=($!)
done
for i in $(seq 1 "$NODES"); do wait_listen $((PORT_BASE + i - 1)) "${NODE_PIDS[$((i - 1))]}" "node$i" "$OUT/node$i.log"; done
sleep 2                               # let the JVMs settle before the baseline
rss_before=0 heap_before=0
for p in "${NODE_PIDS[@]}"; do rss_before=$((rss_before + $(rss_kb "$p"))); heap_before=$((heap_before + $(heap_kb "$p"))); done
redis_before=$(redis_kb)
say "nodes up: ${NODE_PIDS[*]}; RSS $((rss_before / 1024)) MB, live heap $((heap_before / 1024)) MB; redis $redis_before KB"

BENCH_PIDS=()
for k in $(seq 0 $((NODES - 1))); do
    share=$(( k < NODES - 1 ? PER_NODE : CONNS - PER_NODE * (NODES - 1) ))
    sources=127.0.$((10 + k)).1-127.0.$((10 + k)).$(( (share + 9999) / 10000 ))
    taskset -c "$CLIENT_CPU" java "-Xmx${CLIENT_HEAP_MB}m" -jar "$JAR" bench "ws://127.0.0.1:$((PORT_BASE + k))" \
        -s scale --room "$ROOM" --token-file "$OUT/token" -c "$share" --source-addresses "$sources" --hold "$WAIT" \
        --stall-timeout 60 --label "parley-node$((k + 1))" --json "$OUT/bench$k.jsonl" > "$OUT/bench$k.log" 2>&1 &
    BENCH_PIDS+=($!)
    PIDS_TO_STOP+=($!)
done
start=$SECONDS
while :; do
    ready=$(cat "$OUT"/bench*.log 2>/dev/null | grep -c '^ready:' || true)
    [ "$ready" -ge "$NODES" ] && break
    for p in "${BENCH_PIDS[@]}"; do
        kill -0 "$p" 2>/dev/null || { say "a bench process ended before all were ready:"; tail -n 3 "$OUT"/bench*.log; exit 1; }
    done
    [ $((SECONDS - start)) -lt "$WAIT" ] || { say "not all joined within $WAIT s"; exit 1; }
    sleep 1
done
say "all $CONNS joined after $((SECONDS - start)) s; load $(cut -d' ' -f1-3 /proc/loadavg)"
rss_after=0 heap_after=0
for p in "${NODE_PIDS[@]}"; do rss_after=$((rss_after + $(rss_kb "$p"))); heap_after=$((heap_after + $(heap_kb "$p"))); done
redis_after=$(redis_kb)
say "nodes RSS $((rss_after / 1024)) MB, live heap $((heap_after / 1024)) MB; redis $redis_after KB"

# The message: the connection to node 1 is open first; the clock is read just before the request is written.
exec 3<>"/dev/tcp/127.0.0.1/$PORT_BASE"
body='{"text":"one for all","from":"bench"}'
sent=$EPOCHREALTIME
printf 'POST /api/rooms/%s/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$ROOM" "$API_KEY" "${#body}" "$body" >&3
answer=$(head -1 <&3 | tr -d '\r')
exec 3<&-
say "published at $sent: $answer"
for p in "${BENCH_PIDS[@]}"; do wait "$p" || say "bench pid $p exited $?"; done
cat "$OUT"/bench*.jsonl > "$RESULTS"
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$RESULTS" "$sent" "$CONNS" "$NODES" "$rss_before" "$rss_after" "$heap_before" "$heap_after" \
    "$redis_before" "$redis_after" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY' | tee "$OUT/summary.json"
import json, sys
path, sent, conns, nodes, rss0, rss1, heap0, heap1, r0, r1, load = sys.argv[1:]
rows = [json.loads(l) for l in open(path) if l.strip()]
sent_us = round(float(sent) * 1e6)
ok = all(r.get("ok") for r in rows) and len(rows) == int(nodes)
last = max((r["lastDeliveryEpochUs"] for r in rows if r.get("lastDeliveryEpochUs")), default=None)
first = min((r["firstDeliveryEpochUs"] for r in rows if r.get("firstDeliveryEpochUs")), default=None)
held = sum(r.get("held", 0) for r in rows)
n = int(conns)
print(json.dumps({
    "connections": n, "nodes": int(nodes), "benchProcesses": len(rows), "ok": ok,
    "failures": [r.get("failure") for r in rows if not r.get("ok")],
    "held": held, "delivered": sum(r.get("delivered", 0) for r in rows),
    "missing": sum(r.get("missing", 0) for r in rows) if rows else n,
    "handshakesPerSecSum": sum(r.get("handshakesPerSec", 0) for r in rows),
    "handshakesPerSecOverall": n / max(r.get("openSeconds", 0) for r in rows) if rows else None,
    "openSecondsMax": max(r.get("openSeconds", 0) for r in rows) if rows else None,
    "joinSecondsMax": max(r.get("joinSeconds", 0) for r in rows) if rows else None,
    "firstDeliveryMs": None if first is None else (first - sent_us) / 1000,
    "lastDeliveryMs": None if last is None else (last - sent_us) / 1000,
    "nodesRssBeforeMb": int(rss0) / 1024, "nodesRssAfterMb": int(rss1) / 1024,
    "nodesRssPerConnKb": (int(rss1) - int(rss0)) / n,
    "nodesHeapBeforeMb": int(heap0) / 1024, "nodesHeapAfterMb": int(heap1) / 1024,
    "nodesHeapPerConnKb": (int(heap1) - int(heap0)) / n,
    "redisBeforeKb": int(r0), "redisAfterKb": int(r1),
    "benchRssPerConnKb": sum(r.get("clientRssPerConnKb", 0) * r.get("connections", 0) for r in rows) / n if rows else None,
    "loadavgAfter": load}))
PY
