#!/usr/bin/env bash
# The /chat workload on the in-memory store (1 node) and on Redis (1, 2, 3 nodes behind one redis-server), side by
# side in one sitting: per round, in an order rotated by one, each setup's nodes are started fresh (all of them and
# redis-server pinned to $SERVER_CPU, the bench to $CLIENT_CPU), warmed up, loaded with every shape, and stopped.
# Each result line gets the setup, the shape and Redis's INFO commandstats for the run (reset before it).
# Then bench/chat-redis.py writes the table and the chart. See docs/performance.md, "Redis, one to three nodes".
#
#   bench/chat-redis.sh                                        # 2 rounds, mem1 redis1 redis2 redis3, 4 shapes
#   SETUPS="mem1 redis2" ROUNDS=1 DURATION=2 bench/chat-redis.sh
#
# A shape is NAME:CONNECTIONS:ROOMS:RATE (RATE 0 = closed loop, --in-flight unanswered). Every process it starts
# (nodes, redis-server) it stops, also on Ctrl-C. Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

SETUPS=${SETUPS:-"mem1 redis1 redis2 redis3"}
SHAPES=${SHAPES:-"c300r1:300:1:0 c300r10:300:10:0 c300r1-rate50:300:1:50 c300r10-rate200:300:10:200"}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-2}
DURATION=${DURATION:-5}
JVM_WARMUP=${JVM_WARMUP:-5}       # s of closed-loop chat before a setup's first measured window
SERVER_CPU=${SERVER_CPU:-0}       # every node and redis-server
CLIENT_CPU=${CLIENT_CPU:-1}
PORT_BASE=${PORT_BASE:-18700}
REDIS_PORT=${REDIS_PORT:-18699}
JVM_OPTS=${JVM_OPTS:--Xmx512m}
# Every bench member connects from 127.0.0.1 and says as fast as the answers come: the per-address caps, the frame
# budgets and the chat's say rate (docs/limits.md) are lifted.
PARLEY_OPTS=${PARLEY_OPTS:---max-connections-per-address 100000 --rate 1e9 --burst 1000000000}
export PARLEY_FRAME_RATE=1e9 PARLEY_FRAME_BURST=1000000000 PARLEY_ADDRESS_FRAME_RATE=1e9 PARLEY_ADDRESS_FRAME_BURST=1000000000
OUT=${OUT:-bench/results/chat-redis-$(date -u +%Y%m%d-%H%M%S)}

source bench/lib.sh
results_dir
[ -f target/parley.jar ] || { echo "build first: ./mvnw -q -B package -DskipTests" >&2; exit 1; }
JAR=$OUT/parley.jar                # a copy: a rebuild during the run cannot change what is measured
cp target/parley.jar "$JAR"

rcli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

NODE_PIDS=()
REDIS_PID=
stop_nodes() {
    local p
    for p in "${NODE_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${NODE_PIDS[@]}"; do stop_pid "$p"; done
    NODE_PIDS=()
}
stop_all() {
    stop_nodes
    if [ -n "$REDIS_PID" ]; then
        stop_pid "$REDIS_PID"
        REDIS_PID=
    fi
}
trap stop_all EXIT
trap 'stop_all; exit 130' INT TERM

wait_port() { wait_listen "$1" "$2" "$3" "$OUT/$3.log"; } # PORT PID NAME

taskset -c "$SERVER_CPU" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize no --logfile "$OUT/redis.log" &
REDIS_PID=$!
wait_port "$REDIS_PORT" "$REDIS_PID" redis
say "redis-server $(rcli INFO server | sed -n 's/^redis_version:\(.*\)\r$/\1/p') pid $REDIS_PID port $REDIS_PORT"

URLS= PIDS=
start_setup() { # mem1 | redisK -> URLS, PIDS
    local setup=$1 k redis_opt=() i port
    case $setup in
        mem1) k=1;;
        redis[1-9]) k=${setup#redis}; redis_opt=(--redis "redis://127.0.0.1:$REDIS_PORT"); rcli FLUSHALL > /dev/null;;
        *) echo "unknown setup $setup" >&2; exit 2;;
    esac
    URLS= PIDS=
    for i in $(seq 1 "$k"); do
        port=$((PORT_BASE + i - 1))
        taskset -c "$SERVER_CPU" java $JVM_OPTS -jar "$JAR" serve --port "$port" $PARLEY_OPTS "${redis_opt[@]}" \
            >> "$OUT/$setup-node$i.log" 2>&1 &
        NODE_PIDS+=($!)
        URLS+=${URLS:+,}ws://127.0.0.1:$port
        PIDS+=${PIDS:+,}$!
    done
    for i in $(seq 1 "$k"); do wait_port $((PORT_BASE + i - 1)) "${NODE_PIDS[$((i - 1))]}" "$setup-node$i"; done
}

run_shape() { # setup round shape-spec
    local setup=$1 round=$2 name conns rooms rate rate_opt=() tmp=$OUT/line.json
    IFS=: read -r name conns rooms rate <<< "$3"
    [ "$rate" != 0 ] && rate_opt=(--rate "$rate")
    local redis_opt=()
    [ "$setup" != mem1 ] && redis_opt=(--redis-pid "$REDIS_PID")
    rcli CONFIG RESETSTAT > /dev/null
    : > "$tmp"
    taskset -c "$CLIENT_CPU" java -jar "$JAR" bench -s chat "$URLS" -c "$conns" --rooms "$rooms" "${rate_opt[@]}" \
        -w "$WARMUP" -d "$DURATION" --pid "$PIDS" "${redis_opt[@]}" --label "$setup" --round "$round" \
        --json "$tmp" -q >> "$LOG" 2>&1 || say "bench exited $? ($setup $name)"
    rcli INFO commandstats | tr -d '\r' > "$OUT/commandstats.txt"
    rcli INFO errorstats | tr -d '\r' >> "$OUT/commandstats.txt"
    python3 - "$tmp" "$OUT/commandstats.txt" "$setup" "$name" >> "$RESULTS" <<'EOF'
import json, sys
line, stats, setup, shape = sys.argv[1:]
cmds, errs = {}, {}
for l in open(stats):
    if l.startswith("cmdstat_"):
        name, fields = l[len("cmdstat_"):].strip().split(":", 1)
        kv = dict(f.split("=") for f in fields.split(","))
        cmds[name] = {"calls": int(kv["calls"]), "usecPerCall": float(kv["usec_per_call"]),
                      "usec": int(kv["usec"]), "failed": int(kv.get("failed_calls", 0))}
    elif l.startswith("errorstat_"):
        errs[l[len("errorstat_"):].split(":")[0]] = int(l.split("count=")[1])
for text in open(line):
    if text.strip():
        r = json.loads(text)
        r["setup"], r["shape"] = setup, shape
        if setup != "mem1":
            r["redisCommandstats"] = cmds
            r["redisErrorstats"] = errs
        print(json.dumps(r))
EOF
    say "$(tail -1 "$RESULTS" | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); l=r.get("latencyUs") or {}; e=r.get("redisCommandstats",{}).get("evalsha",{}); print(r["setup"], r["shape"], "ok" if r["ok"] else "FAILED " + str(r.get("failure")), "del/s %.0f" % (r.get("opsPerSec") or 0), "cpu %s us/del" % r.get("serverCpuUsPerOp"), "redis %s us/del" % r.get("redisCpuUsPerOp"), "p50/p99 %s/%s us" % (l.get("p50"), l.get("p99")), "evalsha %s us/call x%s" % (e.get("usecPerCall"), e.get("calls")), "order", r.get("orderViolations"), "stray", r.get("strayDeliveries"), "err", r.get("errorsByCode"), "unans", r.get("unanswered"), "load", r.get("loadavg"))' 2>&1)"
}

say "setups: $SETUPS; shapes: $SHAPES; rounds $ROUNDS; out $OUT; load $(cut -d' ' -f1-3 /proc/loadavg)"
read -r -a setups <<< "$SETUPS"
for round in $(seq 1 "$ROUNDS"); do
    rotation "$round" "${setups[@]}"
    for setup in "${ORDER[@]}"; do
        say "round $round: $setup"
        start_setup "$setup"
        [ "$setup" != mem1 ] && rcli CONFIG RESETSTAT > /dev/null
        taskset -c "$CLIENT_CPU" java -jar "$JAR" bench -s chat "$URLS" -c 300 --rooms 10 -w 0 -d "$JVM_WARMUP" -q \
            >> "$LOG" 2>&1 || say "jvm warm-up exited $?"
        [ "$setup" != mem1 ] && say "after warm-up: redis $(rcli INFO errorstats | tr -d '\r' | grep '^errorstat' | tr '\n' ' ')"
        for shape in $SHAPES; do run_shape "$setup" "$round" "$shape"; done
        for url in ${URLS//,/ }; do       # each node's Redis counters over its life (failures by reason)
            port=${url##*:}
            say "node $port: $(curl -s -m 5 "http://127.0.0.1:$port/metrics" | grep '^parley_redis_failures' | tr '\n' ' ')"
        done
        stop_nodes
    done
done
say "done; load $(cut -d' ' -f1-3 /proc/loadavg)"
