#!/usr/bin/env bash
# The chat path side by side (issue 16): the /chat workload of `parley bench -s chat` (members in rooms, rotating
# senders, a `say` acked to its sender and delivered to every member of its room, latency at every receiver) on
#   parley-ws   Parley's /chat over plain WebSocket (JSON frames), loaded by `parley bench -s chat`
#   parley-sio  Parley's /chat over Socket.IO (`parley serve`, namespace /chat), loaded by bench/chat-load.js
#   node        the official Node socket.io 4.8 server (peers/socketio/bench-server.js: reference-chat.js, join ->
#               socket.join, say -> nsp.to(room).emit('message') + the ack), loaded by bench/chat-load.js
# bench/chat-load.js is the same workload with the official socket.io-client (WebSocket only). Per round, in an order
# rotated by one, each server is started fresh (pinned to $SERVER_CPU, the load generator to $CLIENT_CPU), a JVM
# server gets $JVM_WARMUP s of $JVM_WARMUP_SHAPES first, then every shape is measured and the server stopped; then
# bench/chat-vs-socketio.py prints the table and Parley's ratios to Node, paired per round. docs/performance.md,
# "/chat against Socket.IO".
#
#   bench/chat-vs-socketio.sh                          # 3 rounds, 1000 members in 1 room and in 10 rooms of 100
#   ROUNDS=1 SHAPES=100:1 DURATION=2 bench/chat-vs-socketio.sh
#   RATE=0 IN_FLIGHT=8 bench/chat-vs-socketio.sh       # closed loop instead of a fixed rate
#   BASE_JAR=/tmp/before.jar SERVERS="parley-ws-base parley-ws node" bench/chat-vs-socketio.sh  # before -> after
#
# SHAPES: members:rooms pairs. RATE: deliveries per second offered in every shape (says/s = RATE / members per
# room), open loop; RATE=0: closed loop with IN_FLIGHT says unanswered. `*-base` setups run $BASE_JAR the same way.
# Every process it starts, it stops (also on Ctrl-C). Traffic to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

SERVERS=${SERVERS:-"parley-ws parley-sio node"}
ROUNDS=${ROUNDS:-3}
SHAPES=${SHAPES:-"1000:1 1000:10"}
RATE=${RATE:-10000}
IN_FLIGHT=${IN_FLIGHT:-8}
SIZE=${SIZE:-32}
WARMUP=${WARMUP:-2}
DURATION=${DURATION:-5}
JVM_WARMUP=${JVM_WARMUP:-4}       # s of $JVM_WARMUP_SHAPES before a JVM server is measured
JVM_WARMUP_SHAPES=${JVM_WARMUP_SHAPES:-1000:10}
STALL=${STALL:-15}                # s without an answer that fail a window
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT_BASE=${PORT_BASE:-20000}
JVM_OPTS=${JVM_OPTS:--Xmx1g}
# Every member connects from 127.0.0.1 and says as fast as the workload wants: the per-address caps, the frame
# budgets and the chat's say rate (docs/limits.md) are lifted, as for the other benchmarks.
export PARLEY_MAX_CONNECTIONS_PER_ADDRESS=100000 PARLEY_FRAME_RATE=1e9 PARLEY_FRAME_BURST=1000000000 \
    PARLEY_ADDRESS_FRAME_RATE=1e9 PARLEY_ADDRESS_FRAME_BURST=1000000000 PARLEY_RATE=1e9 PARLEY_BURST=1000000000
OUT=${OUT:-bench/results/chat-vs-socketio-$(date -u +%Y%m%d-%H%M%S)}

source bench/lib.sh
results_dir
PARLEY_JAR=${PARLEY_JAR:-target/parley.jar}
[ -f "$PARLEY_JAR" ] || { echo "build first: ./mvnw -q -B package -DskipTests" >&2; exit 1; }
[ -d peers/socketio/node_modules/socket.io ] \
    || { echo "install first: scripts/ensure-socketio-clients.sh" >&2; exit 1; }
cp "$PARLEY_JAR" "$OUT/parley.jar"   # copies: a rebuild during the run cannot change what is measured
case " $SERVERS " in *-base" "*)
    [ -f "${BASE_JAR:-}" ] || { echo "*-base needs BASE_JAR=path/to/parley.jar" >&2; exit 1; }
    cp "$BASE_JAR" "$OUT/parley-base.jar";;
esac
jar_of() { case $1 in *-base) echo "$OUT/parley-base.jar";; *) echo "$OUT/parley.jar";; esac; }

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

PORT= SPID=
start_server() { # setup -> PORT, SPID
    PORT=$((PORT_BASE + port_counter % 100)); port_counter=$((port_counter + 1))
    case $1 in
        parley*) taskset -c "$SERVER_CPU" java $JVM_OPTS -jar "$(jar_of "$1")" serve --port "$PORT" \
                     >> "$OUT/server-$1.log" 2>&1 &;;
        node)    taskset -c "$SERVER_CPU" node peers/socketio/bench-server.js "$PORT" >> "$OUT/server-node.log" 2>&1 &;;
        *) echo "unknown setup $1" >&2; exit 2;;
    esac
    SPID=$!
    PIDS+=("$SPID")
    wait_listen "$PORT" "$SPID" "$1" "$OUT/server-$1.log"
}

load() { # SETUP MEMBERS ROOMS WARMUP DURATION [options...]
    local setup=$1 c=$2 r=$3 w=$4 d=$5; shift 5
    local says rate_opt=()
    if [ "$RATE" != 0 ]; then
        says=$(/usr/bin/python3 -c "print(round($RATE / ($c // $r), 3))")
        rate_opt=(--rate "$says")
    fi
    case $setup in
        parley-ws*) taskset -c "$CLIENT_CPU" java -jar "$OUT/parley.jar" bench "ws://127.0.0.1:$PORT" -s chat -q \
                        -c "$c" --rooms "$r" --in-flight "$IN_FLIGHT" --size "$SIZE" "${rate_opt[@]}" -w "$w" -d "$d" \
                        --stall-timeout "$STALL" "$@";;
        *) taskset -c "$CLIENT_CPU" node bench/chat-load.js --url "http://127.0.0.1:$PORT" -c "$c" --rooms "$r" \
               --in-flight "$IN_FLIGHT" --size "$SIZE" --rate "${rate_opt[1]:-0}" --warmup "$w" --duration "$d" \
               --stall "$STALL" "$@";;
    esac
}

say "setups: $SERVERS; rounds $ROUNDS; shapes $SHAPES (members:rooms); $( [ "$RATE" != 0 ] \
    && echo "$RATE deliveries/s offered" || echo "closed loop, $IN_FLIGHT says unanswered"); ${WARMUP}s+${DURATION}s" \
    "windows; results $OUT"
say "socket.io $(node -p "require('./peers/socketio/node_modules/socket.io/package.json').version"), client" \
    "$(node -p "require('./peers/socketio/node_modules/socket.io-client/package.json').version")," \
    "node $(node --version), $(java -version 2>&1 | head -1)"
say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r -a LIST <<< "$SERVERS"
for round in $(seq 1 "$ROUNDS"); do
    rotation "$round" "${LIST[@]}"
    say "round $round: ${ORDER[*]}"
    for setup in "${ORDER[@]}"; do
        start_server "$setup" || { stop_all; continue; }
        if [ "$setup" != node ] && [ "$JVM_WARMUP" -gt 0 ]; then
            for shape in $JVM_WARMUP_SHAPES; do
                load "$setup" "${shape%%:*}" "${shape##*:}" 0 "$JVM_WARMUP" >> "$LOG" 2>&1 || true
            done
        fi
        for shape in $SHAPES; do
            say "  $setup $shape (load $(cut -d' ' -f1 /proc/loadavg))"
            load "$setup" "${shape%%:*}" "${shape##*:}" "$WARMUP" "$DURATION" --pid "$SPID" --label "$setup" \
                --round "$round" --json "$RESULTS" >> "$LOG" 2>&1 || say "  $setup $shape FAILED (see $LOG)"
        done
        stop_all
    done
done
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 bench/chat-vs-socketio.py "$RESULTS" | tee "$OUT/summary.md"
case " $SERVERS " in *-base" "*)
    echo | tee -a "$OUT/summary.md"
    for s in $SERVERS; do case $s in *-base)
        /usr/bin/python3 bench/chat-vs-socketio.py "$RESULTS" --base "$s" | tee -a "$OUT/summary.md";;
    esac; done;;
esac
