#!/usr/bin/env bash
# Builds and installs everything the side-by-side benchmark runs: Parley's jar (the load generator and the server),
# the Jetty peer, the Node peer's ws (from its package-lock), and checks Debian's python3-websockets.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B package -DskipTests
./mvnw -q -B -f peers/jetty/pom.xml package
(cd peers/node && npm ci --no-audit --no-fund --loglevel=error)
if ! /usr/bin/python3 -c 'import websockets' 2>/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y -qq python3-websockets >/dev/null
    else
        echo "bench/setup.sh: install Debian's python3-websockets (apt-get install python3-websockets)" >&2
        exit 1
    fi
fi
command -v taskset >/dev/null || { echo "bench/setup.sh: taskset (util-linux) is needed" >&2; exit 1; }
echo "bench: ready (parley.jar, jetty-peer.jar, node ws $(node -p "require('./peers/node/node_modules/ws/package.json').version"), python websockets $(/usr/bin/python3 -c 'import websockets; print(websockets.__version__)'))"
