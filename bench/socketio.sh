#!/usr/bin/env bash
# Socket.IO side by side: Parley and the official Node server (socket.io 4.8.4, peers/socketio/bench-server.js)
# loaded by the official Node client (bench/socketio-load.js) with two workloads, echo with ack and room broadcast,
# over WebSocket only and polling only. Per round, in an order rotated by one, each server is started fresh (pinned
# to $SERVER_CPU, the client to $CLIENT_CPU), warmed up, measured on every workload x transport, and stopped; then
# bench/socketio.py prints the table and Parley's ratios to Node, paired per round. See docs/performance.md,
# "Socket.IO".
#
#   bench/socketio.sh                                       # 3 rounds, parley node, echo+bcast x websocket+polling
#   ROUNDS=1 DURATION=2 WORKLOADS=echo TRANSPORTS=websocket bench/socketio.sh
#   BASE_JAR=/tmp/before.jar SERVERS="parley-base parley node" bench/socketio.sh   # a change, before -> after
#
# `parley` runs $PARLEY_JAR (default target/parley.jar), `parley-base` runs $BASE_JAR the same way: with both in
# SERVERS the summary also prints every figure's ratio to parley-base, paired per round.
# Parley serves echo with `parley socketio-fixture` (SuiteFixture's `message-with-ack`) and the broadcast with
# `parley serve` (/chat over Socket.IO: join, say); Node serves both from one process. Both at the reference
# server's timing (ping 25 s / 20 s, connect timeout 45 s). Every process it starts, it stops (also on Ctrl-C).
# Traffic to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

SERVERS=${SERVERS:-"parley node"}
ROUNDS=${ROUNDS:-3}
WORKLOADS=${WORKLOADS:-"echo bcast"}
TRANSPORTS=${TRANSPORTS:-"websocket polling"}
ECHO_CLIENTS=${ECHO_CLIENTS:-50}
BCAST_CLIENTS=${BCAST_CLIENTS:-100}
SIZE=${SIZE:-32}
WARMUP=${WARMUP:-1}
DURATION=${DURATION:-3}
JVM_WARMUP=${JVM_WARMUP:-3}       # s of each workload x transport before a JVM server is measured
STALL=${STALL:-10}                # s without an answer that fail a window (a loaded box may want more)
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT_BASE=${PORT_BASE:-18800}
JVM_OPTS=${JVM_OPTS:--Xmx512m}
# Every bench client connects from 127.0.0.1 and emits as fast as the answers come: the per-address caps, the frame
# budgets and the chat's say rate (docs/limits.md) are lifted, as for the other benchmarks.
export PARLEY_MAX_CONNECTIONS_PER_ADDRESS=100000 PARLEY_FRAME_RATE=1e9 PARLEY_FRAME_BURST=1000000000 \
    PARLEY_ADDRESS_FRAME_RATE=1e9 PARLEY_ADDRESS_FRAME_BURST=1000000000 PARLEY_RATE=1e9 PARLEY_BURST=1000000000
OUT=${OUT:-bench/results/socketio-$(date -u +%Y%m%d-%H%M%S)}

source bench/lib.sh
results_dir
PARLEY_JAR=${PARLEY_JAR:-target/parley.jar}
[ -f "$PARLEY_JAR" ] || { echo "build first: ./mvnw -q -B package -DskipTests" >&2; exit 1; }
[ -d peers/socketio/node_modules/socket.io ] \
    || { echo "install first: scripts/ensure-socketio-clients.sh" >&2; exit 1; }
declare -A JAR                     # copies: a rebuild during the run cannot change what is measured
JAR[parley]=$OUT/parley.jar
cp "$PARLEY_JAR" "${JAR[parley]}"
case " $SERVERS " in *" parley-base "*)
    [ -f "${BASE_JAR:-}" ] || { echo "parley-base needs BASE_JAR=path/to/parley.jar" >&2; exit 1; }
    JAR[parley-base]=$OUT/parley-base.jar
    cp "$BASE_JAR" "${JAR[parley-base]}";;
esac


PIDS=()
port_counter=0
stop_all() {
    local p
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do stop_pid "$p"; done
    PIDS=()
}
trap stop_all EXIT
trap 'stop_all; exit 130' INT TERM

launch() { # NAME PORT COMMAND... -> LAUNCHED (pid); fails if it exits or does not listen within 30 s
    local name=$1 port=$2; shift 2
    taskset -c "$SERVER_CPU" "$@" >> "$OUT/server-$name.log" 2>&1 &
    LAUNCHED=$!
    PIDS+=("$LAUNCHED")
    wait_listen "$port" "$LAUNCHED" "$name" "$OUT/server-$name.log"
}

declare -A URL PID
start_server() { # server -> URL[echo], URL[bcast], PID[echo], PID[bcast]
    local p=$((PORT_BASE + 2 * port_counter)); port_counter=$((port_counter + 1))
    case $1 in
        parley|parley-base)
            launch "$1-fixture" "$p" java $JVM_OPTS -jar "${JAR[$1]}" socketio-fixture --port "$p" \
                --ping-interval 25000 --ping-timeout 20000 --connect-timeout 45000 || return 1
            URL[echo]=http://127.0.0.1:$p; PID[echo]=$LAUNCHED
            launch "$1-serve" $((p + 1)) java $JVM_OPTS -jar "${JAR[$1]}" serve --port $((p + 1)) || return 1
            URL[bcast]=http://127.0.0.1:$((p + 1)); PID[bcast]=$LAUNCHED;;
        node)
            launch node "$p" node peers/socketio/bench-server.js "$p" || return 1
            URL[echo]=http://127.0.0.1:$p; URL[bcast]=http://127.0.0.1:$p
            PID[echo]=$LAUNCHED; PID[bcast]=$LAUNCHED;;
        *) echo "unknown server $1" >&2; exit 2;;
    esac
}

load() { # WORKLOAD TRANSPORT [options...]
    local w=$1 t=$2; shift 2
    local c=$ECHO_CLIENTS; [ "$w" = bcast ] && c=$BCAST_CLIENTS
    taskset -c "$CLIENT_CPU" node bench/socketio-load.js --url "${URL[$w]}" --workload "$w" --transport "$t" \
        -c "$c" --size "$SIZE" --stall "$STALL" "$@"
}

say "servers: $SERVERS; rounds $ROUNDS; $WORKLOADS x $TRANSPORTS; ${WARMUP}s+${DURATION}s windows; results $OUT"
say "socket.io $(node -p "require('./peers/socketio/node_modules/socket.io/package.json').version"), client" \
    "$(node -p "require('./peers/socketio/node_modules/socket.io-client/package.json').version")," \
    "node $(node --version)"
say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r -a LIST <<< "$SERVERS"
for round in $(seq 1 "$ROUNDS"); do
    rotation "$round" "${LIST[@]}"
    say "round $round: ${ORDER[*]}"
    for server in "${ORDER[@]}"; do
        start_server "$server" || { stop_all; continue; }
        if [ "$server" != node ] && [ "$JVM_WARMUP" -gt 0 ]; then
            for w in $WORKLOADS; do for t in $TRANSPORTS; do
                load "$w" "$t" --warmup 0 --duration "$JVM_WARMUP" >> "$LOG" 2>&1 || true
            done; done
        fi
        for w in $WORKLOADS; do for t in $TRANSPORTS; do
            say "  $server $w $t"
            load "$w" "$t" --warmup "$WARMUP" --duration "$DURATION" --pid "${PID[$w]}" --label "$server" \
                --round "$round" --json "$RESULTS" >> "$LOG" 2>&1 || say "  $server $w $t FAILED (see $LOG)"
        done; done
        stop_all
    done
done
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 bench/socketio.py "$RESULTS" | tee "$OUT/summary.md"
case " $SERVERS " in *" parley-base "*)
    echo | tee -a "$OUT/summary.md"
    /usr/bin/python3 bench/socketio.py "$RESULTS" --base parley-base | tee -a "$OUT/summary.md";;
esac
