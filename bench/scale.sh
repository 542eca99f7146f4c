#!/usr/bin/env bash
# Many connections on one box (issue 16): each server started fresh and pinned to one CPU, `parley bench -s scale`
# pinned to the other opens CONNS WebSocket connections to its /broadcast from several loopback source addresses,
# holds them, reads the server's memory, and sends BROADCASTS broadcasts one after the other to all of them; then a
# table: connections held, handshake rate while connecting, time to the last delivery, RSS (and Parley's heap) per
# connection. See docs/performance.md, "100,000 connections".
#
#   bench/scale.sh                          # 100,000 connections, Parley then Node ws
#   CONNS=18000 SERVERS=parley bench/scale.sh
#
# Settings (environment): CONNS (100000), SERVERS ("parley node"), BROADCASTS (3), HOLD (5 s), SOURCES (the source
# addresses; default one per 10,000 connections from 127.0.1.1: binding is quick for ~14,000 a source), SERVER_CPU (0), CLIENT_CPU (1), PORT_BASE (19500),
# PARLEY_HEAP_MB (512 + 48 KB a connection), NODE_HEAP_MB (same), CLIENT_HEAP_MB (256 + 8 KB a connection), OUT.
# The open-files limit is raised in this shell only (ulimit -n, up to the hard limit); no system setting is changed.
# Every server it starts, it stops (also on Ctrl-C). Traffic stays on 127.0.0.0/8.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNS=${CONNS:-100000}
SERVERS=${SERVERS:-"parley node"}
BROADCASTS=${BROADCASTS:-3}
HOLD=${HOLD:-5}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT_BASE=${PORT_BASE:-19500}
PARLEY_HEAP_MB=${PARLEY_HEAP_MB:-$((512 + CONNS * 48 / 1024))}
NODE_HEAP_MB=${NODE_HEAP_MB:-$((512 + CONNS * 48 / 1024))}
CLIENT_HEAP_MB=${CLIENT_HEAP_MB:-$((256 + CONNS * 8 / 1024))}
SOURCES=${SOURCES:-127.0.1.1-127.0.1.$(( (CONNS + 9999) / 10000 ))}
OUT=${OUT:-bench/results/scale-$(date -u +%Y%m%d-%H%M%S)}
# Every connection sends nothing but pong frames, yet from a few addresses: the per-address frame budget
# (docs/limits.md) is lifted as in the other bench scripts.
export PARLEY_FRAME_RATE=${PARLEY_FRAME_RATE:-1e9} PARLEY_FRAME_BURST=${PARLEY_FRAME_BURST:-1000000000}
export PARLEY_ADDRESS_FRAME_RATE=${PARLEY_ADDRESS_FRAME_RATE:-1e9} PARLEY_ADDRESS_FRAME_BURST=${PARLEY_ADDRESS_FRAME_BURST:-1000000000}

source bench/lib.sh
results_dir                          # also raises the open-files limit to the hard one
# Each process holds CONNS sockets (the server one end, the bench the other) plus its own few hundred.
FILES=$((CONNS + 1000))
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$FILES" ]; then
    echo "bench/scale.sh: $CONNS connections need an open-files limit of $FILES per process; the hard limit here is" \
         "$(ulimit -Hn) (ulimit -Hn). Raise it (as root: ulimit -Hn $FILES in this shell, or LimitNOFILE= /" \
         "limits.conf), or run fewer: CONNS=$(( $(ulimit -Hn) - 1000 ))" >&2
    exit 1
fi
ulimit -n "$FILES"
[ -f target/parley.jar ] || { echo "build first: ./mvnw -q -B package -DskipTests" >&2; exit 1; }
JAR=$OUT/parley.jar                  # a copy: a rebuild during the run cannot change what is measured
cp target/parley.jar "$JAR"
[[ $SERVERS != *node* ]] || [ -d peers/node/node_modules/ws ] || { echo "run bench/setup.sh first (npm ci in peers/node)" >&2; exit 1; }

port_counter=0
source bench/servers.sh

start_server() { # name -> SERVER_PID, PORT
    PORT=$((PORT_BASE + port_counter)); port_counter=$((port_counter + 1))
    case $1 in
        # --max-connections: the upgraded connections may take nine tenths of it (docs/limits.md)
        parley) launch_server parley java "-Xmx${PARLEY_HEAP_MB}m" -jar "$JAR" serve --port "$PORT" \
                    --max-connections-per-address "$CONNS" --max-connections $(( (CONNS + 100) * 10 / 9 + 1 ));;
        node)   launch_server node node "--max-old-space-size=$NODE_HEAP_MB" peers/node/server.js "$PORT";;
        *) echo "unknown server $1 (parley, node)" >&2; exit 2;;
    esac
}

say "scale: $CONNS connections from $SOURCES, $BROADCASTS broadcasts, hold ${HOLD}s; servers $SERVERS; results $OUT"
say "open-files limit $(ulimit -n); port range $(tr '\t' - < /proc/sys/net/ipv4/ip_local_port_range); memory free $(free -g | awk '/^Mem:/ {print $7}') GB available"
say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for name in $SERVERS; do
    start_server "$name" || continue
    say "  $name (pid $SERVER_PID, port $PORT)"
    jvm=(); [ "$name" = parley ] && jvm=(--jvm)
    taskset -c "$CLIENT_CPU" java "-Xmx${CLIENT_HEAP_MB}m" -jar "$JAR" bench "ws://127.0.0.1:$PORT" -s scale \
        -c "$CONNS" --source-addresses "$SOURCES" --hold "$HOLD" --broadcasts "$BROADCASTS" --stall-timeout 30 \
        --pid "$SERVER_PID" "${jvm[@]}" --label "$name" --json "$RESULTS" 2>&1 | tee -a "$LOG" | grep -v '^  ' || true
    stop_server
done
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$RESULTS" <<'EOF' | tee "$OUT/summary.md"
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
def f(v, fmt):
    return "-" if v is None else format(v, fmt)
print("| server | connections held | handshakes/s (best second) | broadcast to last delivery, ms (each) | missing |"
      " server CPU µs/delivery | server RSS KB/conn | heap KB/conn | bench RSS KB/conn | load average |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    if "handshakesPerSec" not in r:
        print(f"| {r['server']} | failed: {r.get('failure')} ||||||||")
        continue
    each = ", ".join(f(b["lastDeliveryMs"], ",.0f") for b in r["perBroadcast"])
    print(f"| {r['server']} | {r['held']:,} of {r['connections']:,} | {f(r['handshakesPerSec'], ',.0f')}"
          f" ({f(r['handshakesPerSecPeak'], ',.0f')}) | {each} | {r['missing']} | {f(r.get('serverCpuUsPerOp'), '.1f')}"
          f" | {f(r['rssPerConnKb'], '.1f')}"
          f" | {f(r['heapPerConnKb'], '.1f')} | {f(r['clientRssPerConnKb'], '.1f')} | {r['loadavg']} |"
          + ("" if r["ok"] else f" FAILED: {r['failure']}"))
EOF
