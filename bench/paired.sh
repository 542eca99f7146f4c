#!/usr/bin/env bash
# Paired A/B runs for tuning: variants of Parley (and stock Tyrus) measured interleaved in one sitting, each started
# fresh per round, server pinned to one CPU and the load generator to the other, order rotated every round; then
# bench/paired.py prints server CPU µs/op per variant (median, min-max) and each variant's ratio to the first one,
# paired per round. See docs/performance.md, "Tuning".
#
#   bench/paired.sh                                           # tyrus, parley-none, each tuning alone, parley (all)
#   VARIANTS="parley-none parley-io" SCENARIOS=tput32 ROUNDS=5 bench/paired.sh
#
# A variant is `tyrus` (stock Tyrus 2.2.2, peers/tyrus), `parley` (every tuning on, as shipped) or
# `parley-SPEC`, Parley with -Dparley.tuning=SPEC (none, or a '+'-separated list of io, frames, unmask, deflate-once).
# Every server it starts, it stops (also on Ctrl-C). Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

VARIANTS=${VARIANTS:-"tyrus parley-none parley-io parley-frames parley-unmask parley"}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-1}
DURATION=${DURATION:-3}
SCENARIOS=${SCENARIOS:-tput32,tput64k,bcast1000,connect}
JVM_WARMUP=${JVM_WARMUP:-6}        # s of mixed load before the measured windows
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT_BASE=${PORT_BASE:-18600}
JVM_OPTS=${JVM_OPTS:--Xmx1g}
PARLEY_OPTS=${PARLEY_OPTS:---max-connections-per-address 100000}   # the bench connects everything from 127.0.0.1
# The bench sends everything from 127.0.0.1, as fast as the server answers: the frame budgets (docs/limits.md) would
# cut its throughput scenarios, so they are lifted (environment variables: a jar without the budgets ignores them).
export PARLEY_FRAME_RATE=${PARLEY_FRAME_RATE:-1e9} PARLEY_FRAME_BURST=${PARLEY_FRAME_BURST:-1000000000}
export PARLEY_ADDRESS_FRAME_RATE=${PARLEY_ADDRESS_FRAME_RATE:-1e9} PARLEY_ADDRESS_FRAME_BURST=${PARLEY_ADDRESS_FRAME_BURST:-1000000000}
OUT=${OUT:-bench/results/paired-$(date -u +%Y%m%d-%H%M%S)}

source bench/lib.sh
results_dir
[ -f target/parley.jar ] || { echo "build first: ./mvnw -q -B package -DskipTests" >&2; exit 1; }
JAR=$OUT/parley.jar                # a copy: a rebuild during the run cannot change what is measured
cp target/parley.jar "$JAR"

port_counter=0
source bench/servers.sh

start_server() { # variant -> SERVER_PID, PORT
    local variant=$1
    PORT=$((PORT_BASE + port_counter)); port_counter=$((port_counter + 1))
    local cmd
    case $variant in
        tyrus)         cmd=(java $JVM_OPTS -cp "$JAR" peers/tyrus/TyrusPeer.java "$PORT");;
        parley)        cmd=(java $JVM_OPTS -jar "$JAR" serve --port "$PORT" $PARLEY_OPTS);;
        parley-*)      cmd=(java $JVM_OPTS "-Dparley.tuning=${variant#parley-}" -jar "$JAR" serve --port "$PORT" $PARLEY_OPTS);;
        *) echo "unknown variant $variant" >&2; exit 2;;
    esac
    cmd=("${cmd[@]//+/,}")
    launch_server "$variant" "${cmd[@]}"
}

bench() { taskset -c "$CLIENT_CPU" java -Xmx1g -jar "$JAR" bench "ws://127.0.0.1:$PORT" "$@"; }

say "variants: $VARIANTS; rounds $ROUNDS; scenarios $SCENARIOS; ${WARMUP}s+${DURATION}s windows; results $OUT"
say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r -a LIST <<< "$VARIANTS"
for round in $(seq 1 "$ROUNDS"); do
    rotation "$round" "${LIST[@]}"
    say "round $round: ${ORDER[*]}"
    for variant in "${ORDER[@]}"; do
        start_server "$variant" || continue
        if [ "$JVM_WARMUP" -gt 0 ]; then
            w=$(( (JVM_WARMUP + 2) / 3 ))
            bench -q -s tput32,tput64k,bcast1000 -w "$w" -d 0.2 >> "$LOG" 2>&1 || true
        fi
        say "  $variant"
        bench -q -s "$SCENARIOS" -w "$WARMUP" -d "$DURATION" --pid "$SERVER_PID" \
            --label "$variant" --round "$round" --json "$RESULTS" >> "$LOG" 2>&1 || true
        stop_server
    done
done
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 bench/paired.py "$RESULTS" --variants "$VARIANTS" | tee "$OUT/summary.md"
