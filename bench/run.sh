#!/usr/bin/env bash
# Side-by-side benchmark: the same load generator (parley bench) against Parley and its peers, each server started
# fresh per round and pinned to its own CPU, the order rotated every round; results as JSON Lines, then a summary
# (median, min-max, ratios) written into docs/performance.md with SVG charts. See docs/performance.md.
#
#   bench/setup.sh && bench/run.sh                    # all servers, 3 rounds (under 15 min on 2 vCPUs)
#   SERVERS="parley node" ROUNDS=1 DURATION=2 bench/run.sh
#
# Every server it starts, it stops (also on Ctrl-C). Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SERVERS=${SERVERS:-"floor parley tyrus jetty node python"}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-1}                # s of load before each measured window
DURATION=${DURATION:-2}            # s measured per scenario
SCENARIOS=${SCENARIOS:-rtt1,rtt100,tput32,tput64k,bcast1000,connect,rate}
IDLE_CONNS=${IDLE_CONNS:-2000}     # 0 skips the idle-memory run
JVM_WARMUP=${JVM_WARMUP:-4}        # s of mixed load before a JVM server is measured
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT_BASE=${PORT_BASE:-18400}
JVM_OPTS=${JVM_OPTS:--Xmx1g}
PARLEY_OPTS=${PARLEY_OPTS:---max-connections-per-address 100000}   # the bench connects everything from 127.0.0.1
# The bench sends everything from 127.0.0.1, as fast as the server answers: the frame budgets (docs/limits.md) would
# cut its throughput scenarios, so they are lifted (environment variables: a jar without the budgets ignores them).
export PARLEY_FRAME_RATE=${PARLEY_FRAME_RATE:-1e9} PARLEY_FRAME_BURST=${PARLEY_FRAME_BURST:-1000000000}
export PARLEY_ADDRESS_FRAME_RATE=${PARLEY_ADDRESS_FRAME_RATE:-1e9} PARLEY_ADDRESS_FRAME_BURST=${PARLEY_ADDRESS_FRAME_BURST:-1000000000}
OUT=${OUT:-bench/results/$(date -u +%Y%m%d-%H%M%S)}
DOC=${DOC:-docs/performance.md}

source bench/lib.sh
results_dir

# only what the servers asked for need be there (SERVERS="parley tyrus node" needs no Jetty build)
[ -f target/parley.jar ] && { [[ " $SERVERS " != *" jetty "* ]] || [ -f peers/jetty/target/jetty-peer.jar ]; } \
    && { [[ " $SERVERS " != *" node "* ]] || [ -d peers/node/node_modules/ws ]; } \
    || { echo "run bench/setup.sh first" >&2; exit 1; }

port_counter=0

source bench/servers.sh

is_jvm() { case $1 in floor|parley|tyrus|jetty) return 0;; *) return 1;; esac; }

start_server() { # name -> SERVER_PID, PORT
    local name=$1
    PORT=$((PORT_BASE + port_counter)); port_counter=$((port_counter + 1))
    local cmd
    case $name in
        floor)  cmd=(java $JVM_OPTS -cp target/classes peers/floor/FloorServer.java "$PORT");;
        parley) cmd=(java $JVM_OPTS -jar target/parley.jar serve --port "$PORT" $PARLEY_OPTS);;
        tyrus)  cmd=(java $JVM_OPTS -cp target/parley.jar peers/tyrus/TyrusPeer.java "$PORT");;
        jetty)  cmd=(java $JVM_OPTS -jar peers/jetty/target/jetty-peer.jar "$PORT");;
        node)   cmd=(node peers/node/server.js "$PORT");;
        python) cmd=(/usr/bin/python3 peers/python/server.py "$PORT");;
        *) echo "unknown server $name" >&2; exit 2;;
    esac
    launch_server "$name" "${cmd[@]}"
}

bench() { # the load generator, pinned to the client CPU
    taskset -c "$CLIENT_CPU" java -Xmx1g -jar target/parley.jar bench "ws://127.0.0.1:$PORT" "$@"
}

say "servers: $SERVERS; rounds $ROUNDS; scenarios $SCENARIOS; idle $IDLE_CONNS; ${WARMUP}s+${DURATION}s windows; server CPU $SERVER_CPU, client CPU $CLIENT_CPU; results $OUT"
say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r -a LIST <<< "$SERVERS"
for round in $(seq 1 "$ROUNDS"); do
    rotation "$round" "${LIST[@]}"
    say "round $round: ${ORDER[*]}"
    for name in "${ORDER[@]}"; do
        scenarios=$SCENARIOS
        [ "$name" = floor ] && scenarios=$(echo "$scenarios" | tr ',' '\n' | grep -v '^bcast' | paste -sd, -)
        jvm=(); is_jvm "$name" && jvm=(--jvm)

        start_server "$name" || continue
        if is_jvm "$name" && [ "$JVM_WARMUP" -gt 0 ]; then
            say "  $name: warm-up ${JVM_WARMUP}s"
            w=$(( (JVM_WARMUP + 2) / 3 ))
            warm=tput32,tput64k,bcast1000; [ "$name" = floor ] && warm=tput32,tput64k
            bench -q -s "$warm" -w "$w" -d 0.2 >> "$LOG" 2>&1 || true
        fi
        say "  $name: $scenarios"
        bench -q -s "$scenarios" -w "$WARMUP" -d "$DURATION" --pid "$SERVER_PID" "${jvm[@]}" \
            --label "$name" --round "$round" --json "$RESULTS" | tee -a "$LOG" || true
        stop_server

        if [ "$IDLE_CONNS" -gt 0 ]; then
            start_server "$name" || continue
            bench -q -s rtt100 -w 0.5 -d 0.5 >> "$LOG" 2>&1 || true   # load the classes before the baseline
            bench -q -s idle -c "$IDLE_CONNS" --hold 2 --pid "$SERVER_PID" "${jvm[@]}" \
                --label "$name" --round "$round" --json "$RESULTS" | tee -a "$LOG" || true
            stop_server
        fi
    done
done
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 bench/summarize.py "$RESULTS" --doc "$DOC" --charts docs/perf | tee "$OUT/summary.md"
say "results: $RESULTS; summary: $OUT/summary.md; $DOC and docs/perf/*.svg updated"
