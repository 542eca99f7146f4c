#!/usr/bin/env bash
# Runs `parley conformance` against the /echo of five WebSocket servers, one after the other, each on a free
# 127.0.0.1 port with a 64 KiB message cap and no compression, and writes a side-by-side Markdown table:
#
#   Parley (this build: java -jar target/parley.jar serve)
#   and the peers of peers/ (peers/README.md), the same ones bench/run.sh measures:
#   stock Tyrus (peers/tyrus/TyrusPeer.java on target/parley.jar)
#   Jetty 12 (peers/jetty, its own small Maven project, not part of Parley's build)
#   Node ws (peers/node, npm ci from the committed package-lock.json)
#   Debian python3-websockets (peers/python/server.py with /usr/bin/python3)
#
# Output: target/conformance/<server>.json (one `parley conformance --json` each), <server>.log (the server's
# output; its first line names its version), table.md. Every server is stopped when its run ends (or the script
# exits). Needs: JDK 17, node/npm, python3-websockets. Takes about 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/conformance
CAP=65536
mkdir -p "$OUT"

./mvnw -q -B package -DskipTests
./mvnw -q -B -f peers/jetty/pom.xml package
(cd peers/node && npm ci --no-audit --no-fund --loglevel=error)

PIDS=()
stop_all() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_all EXIT

free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for_port() {
    for _ in $(seq 150); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.2
    done
    echo "nothing listening on port $1" >&2
    return 1
}

# run NAME COMMAND...: the command gets the port as its last argument
run() {
    local name=$1; shift
    local port; port=$(free_port)
    "$@" "$port" > "$OUT/$name.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    wait_for_port "$port"
    java -jar target/parley.jar conformance "ws://127.0.0.1:$port/echo" --max-message-size "$CAP" --timeout 3 \
        --json > "$OUT/$name.json" 2>> "$OUT/$name.log" || true
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "== $name: $(grep -m1 -E " on ws://|serving" "$OUT/$name.log")"
}

parley_serve() { java -jar target/parley.jar serve --max-message-size "$CAP" --port "$1"; }
stock_tyrus() { java -cp target/parley.jar peers/tyrus/TyrusPeer.java "$1"; }
jetty() { java -jar peers/jetty/target/jetty-peer.jar "$1"; }
node_ws() { node peers/node/server.js "$1"; }
python_websockets() { /usr/bin/python3 peers/python/server.py "$1"; }

run parley parley_serve
run tyrus stock_tyrus
run jetty jetty
run node-ws node_ws
run python-websockets python_websockets

/usr/bin/python3 tools/conformance-table.py "$OUT" parley tyrus jetty node-ws python-websockets > "$OUT/table.md"
cat "$OUT/table.md"
